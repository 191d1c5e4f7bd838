// Layout of the change confirmation: the planner's notes and the list of ways out of a refused change.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const NoteList = styled.ul`
  margin: 0;
  padding-left: ${theme.spacing.large};

  li + li {
    margin-top: ${theme.spacing.xSmall};
  }
`;

export const ChoiceList = styled.ul`
  list-style: none;
  margin: 0;
  padding: 0;

  li {
    padding: ${theme.spacing.medium};
    border: 1px solid ${theme.colors.secondary30};
    border-radius: ${theme.borderRadius.normal};
  }
  li + li {
    margin-top: ${theme.spacing.small};
  }
`;
