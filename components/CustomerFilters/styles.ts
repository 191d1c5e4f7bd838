// Layout of the filter bar: one row of fields and the search button, wrapping only on narrow frames.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const FilterRow = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: flex-start;
  gap: ${theme.spacing.xSmall} ${theme.spacing.small};
  margin-bottom: ${theme.spacing.xSmall};

  & > * {
    flex: 1 1 9rem;
    margin: 0;
  }
`;

export const FilterButtons = styled.div`
  && {
    flex: 0 0 auto;
    display: flex;
    gap: ${theme.spacing.xSmall};
  }
`;

/** The sort Select's box (BigDesign's input: 36 px, bordered) for the frame before the Select mounts. */
export const ControlPlaceholder = styled.div`
  box-sizing: border-box;
  height: 2.25rem;
  border: 1px solid ${theme.colors.secondary30};
  border-radius: ${theme.borderRadius.normal};
  background: ${theme.colors.white};
`;

/** The pagination row's height (BigDesign's 36 px buttons) for the frame before it mounts. */
export const PaginationPlaceholder = styled.div`
  height: 2.25rem;
`;

/** The access filter's box: a flex item of the row like the other fields, its reason for being disabled as its title. */
export const SelectBox = styled.div`
  && {
    /* Wider than the text fields: its choices carry a storefront's name and a count. */
    flex: 1.6 1 12rem;
    min-width: 0;
  }
`;
