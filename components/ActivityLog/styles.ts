// Layout of the Activity screen: the before → after marks and the toolbar (the filter row is the customer list's).
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

/** One storefront (or the switch) per line: name, the before mark, an arrow, the after mark. */
export const ChangeList = styled.ul`
  list-style: none;
  margin: 0;
  padding: 0;
  display: flex;
  flex-direction: column;
  gap: ${theme.spacing.xxSmall};

  li {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: ${theme.spacing.xxSmall};
    font-size: ${theme.typography.fontSize.small};
  }
`;

export const Toolbar = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: ${theme.spacing.small};
  margin-bottom: ${theme.spacing.small};
`;

export const Nowrap = styled.span`
  white-space: nowrap;
`;
