// Layout of the filter bar: fields side by side, wrapping on narrow frames.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const FilterRow = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: flex-start;
  gap: ${theme.spacing.medium};
  margin-bottom: ${theme.spacing.medium};

  & > * {
    flex: 1 1 12rem;
    margin: 0;
  }
  & > button {
    flex: 0 0 auto;
  }
`;
