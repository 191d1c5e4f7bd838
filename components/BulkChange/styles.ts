// Layout of the bulk-change dialog: the action choices, the channel checkboxes and the preview's counts.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const ActionList = styled.div`
  display: grid;
  gap: ${theme.spacing.small};
  margin-bottom: ${theme.spacing.medium};
`;

export const ChannelChoices = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
  gap: ${theme.spacing.xSmall} ${theme.spacing.medium};
  margin-bottom: ${theme.spacing.xSmall};
`;

export const PreviewTable = styled.table`
  border-collapse: collapse;
  font-size: ${theme.typography.fontSize.medium};

  th {
    text-align: left;
    font-weight: ${theme.typography.fontWeight.regular};
    padding: ${theme.spacing.xxSmall} ${theme.spacing.large} ${theme.spacing.xxSmall} 0;
  }
  td {
    text-align: right;
    font-weight: ${theme.typography.fontWeight.semiBold};
    font-variant-numeric: tabular-nums;
  }
`;
