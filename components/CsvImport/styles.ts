// Layout of the import page: the steps' column, the dry run's sections and its tables' cells.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

/** The page's column: readable line lengths in a wide frame, the tables free to use the width. */
export const Steps = styled.div`
  display: grid;
  gap: ${theme.spacing.medium};
  max-width: 72rem;
`;

/** A panel's parts, evenly apart. */
export const Stack = styled.div`
  display: grid;
  gap: ${theme.spacing.medium};
`;

export const Section = styled.section`
  display: grid;
  gap: ${theme.spacing.xSmall};
`;

export const Actions = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${theme.spacing.small};
`;

/** A customer's cell: name, then email and id in small print. */
export const Who = styled.div`
  display: grid;
  line-height: ${theme.lineHeight.small};

  small {
    color: ${theme.colors.secondary60};
    font-size: ${theme.typography.fontSize.small};
  }
`;

export const Numeric = styled.span`
  font-variant-numeric: tabular-nums;
`;

/** The upload's bar, as wide as the picker. */
export const UploadProgress = styled.div`
  display: grid;
  gap: ${theme.spacing.xxSmall};
  max-width: 32rem;
`;
