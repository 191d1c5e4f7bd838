// Layout of the export button's progress: a narrow bar beside the button, so the toolbar does not reflow while a large
// export streams.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const ProgressSlot = styled.div`
  width: 8rem;
  flex: none;
`;

export const Counted = styled.span`
  font-variant-numeric: tabular-nums;
  white-space: nowrap;
  font-size: ${theme.typography.fontSize.small};
`;

/** The matrix's CSV actions, side by side beside its pagination. */
export const CsvActions = styled.div`
  display: flex;
  align-items: center;
  gap: ${theme.spacing.xSmall};
`;
