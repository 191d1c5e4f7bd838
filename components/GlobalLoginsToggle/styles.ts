// Layout of the impact confirmation: a compact list of affected customers.
import { theme } from "@bigcommerce/big-design-theme";
import styled from "styled-components";

export const CustomerList = styled.ul`
  margin: 0;
  padding-left: ${theme.spacing.large};
  max-height: 12rem;
  overflow-y: auto;
  font-size: ${theme.typography.fontSize.small};
`;

/**
 * BigDesign's Switch hides its input visually (1px, clipped) and draws a label; the hidden input then sits outside the
 * drawn switch, so pointer clicks land on the page. Stretch the (transparent) input over the drawn switch: a click or
 * tap hits the real control, which keeps its role, name and keyboard focus.
 */
export const SwitchArea = styled.span`
  position: relative;
  display: inline-flex;

  && input {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    clip: auto;
    clip-path: none;
    opacity: 0;
    cursor: pointer;
    z-index: 1;
  }
  && input:disabled {
    cursor: not-allowed;
  }
`;
