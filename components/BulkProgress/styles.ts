// Layout of the bulk progress panel: the outcome counts side by side under the progress bar.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const CountGrid = styled.dl`
  display: flex;
  flex-wrap: wrap;
  gap: ${theme.spacing.xLarge};
  margin: ${theme.spacing.small} 0;

  div {
    display: flex;
    flex-direction: column;
  }
  dt {
    font-size: ${theme.typography.fontSize.small};
    color: ${theme.colors.secondary60};
  }
  dd {
    margin: 0;
    font-size: ${theme.typography.fontSize.large};
    font-weight: ${theme.typography.fontWeight.semiBold};
    font-variant-numeric: tabular-nums;
  }
`;
