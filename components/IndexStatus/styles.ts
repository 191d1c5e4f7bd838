// Layout of the freshness line: one slim line of small print beside the matrix's toolbar (the grid keeps the screen),
// its progress bar and action inline.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const FreshnessLine = styled.div`
  display: inline-flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 2px ${theme.spacing.xSmall};
  font-size: 0.75rem;
  color: ${theme.colors.secondary60};

  svg {
    flex: none;
  }
  strong {
    font-weight: ${theme.typography.fontWeight.semiBold};
    color: ${theme.colors.secondary70};
  }
`;

/** The sync's bar and sentence, kept together when the line wraps. */
export const Progress = styled.span`
  display: inline-flex;
  align-items: center;
  gap: ${theme.spacing.xSmall};

  & > :first-child {
    flex: none;
    width: 7rem;
  }
`;

/** An action in the line, as slim as the text (BigDesign's Button is taller than a line of small print). */
export const LineAction = styled.span`
  display: inline-flex;

  button {
    height: 1.5rem;
    padding: 0 ${theme.spacing.xSmall};
    font-size: 0.75rem;
  }
`;
