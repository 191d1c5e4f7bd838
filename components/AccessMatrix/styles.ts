// Layout styles of the matrix: the grid itself, the three cell looks and the loading placeholders.
import { theme } from "@bigcommerce/big-design-theme";
import styled, { css, keyframes } from "styled-components";

export type VerdictLook = "explicit" | "global" | "none";

export const ScrollArea = styled.div`
  overflow-x: auto;
  border: 1px solid ${theme.colors.secondary30};
  border-radius: ${theme.borderRadius.normal};
  background: ${theme.colors.white};
`;

export const Grid = styled.table`
  border-collapse: collapse;
  width: 100%;

  th,
  td {
    border-bottom: 1px solid ${theme.colors.secondary20};
    padding: ${theme.spacing.small} ${theme.spacing.medium};
    text-align: left;
    vertical-align: top;
  }
  thead th {
    background: ${theme.colors.secondary10};
  }
  tbody tr:last-child td,
  tbody tr:last-child th {
    border-bottom: none;
  }
  tbody tr[aria-selected="true"] {
    background: ${theme.colors.primary10};
  }
`;

export const SelectCell = styled.td`
  width: 1%;
  && {
    padding-right: 0;
    vertical-align: middle;
  }
`;

export const CustomerHeader = styled.th`
  min-width: 14rem;
  width: 19rem;
`;

export const ChannelHeader = styled.th`
  min-width: 10rem;
`;

const looks: Record<VerdictLook, ReturnType<typeof css>> = {
  // Explicit: solid, green — the channel is in the customer's list.
  explicit: css`
    background: ${theme.colors.success10};
    border: 2px solid ${theme.colors.success};
    color: ${theme.colors.success70};
  `,
  // Via global: dashed, blue — allowed only because the customer is global and the channel lets them in.
  global: css`
    background: ${theme.colors.primary10};
    border: 2px dashed ${theme.colors.primary};
    color: ${theme.colors.primary70};
  `,
  // None: plain grey, struck-through icon — cannot log in.
  none: css`
    background: ${theme.colors.secondary10};
    border: 2px dotted ${theme.colors.secondary40};
    color: ${theme.colors.secondary60};
  `,
};

export const VerdictChip = styled.span<{ $look: VerdictLook }>`
  display: inline-flex;
  align-items: center;
  gap: ${theme.spacing.xSmall};
  padding: ${theme.spacing.xxSmall} ${theme.spacing.small};
  border-radius: ${theme.borderRadius.normal};
  font-size: ${theme.typography.fontSize.small};
  line-height: 1.25;
  ${({ $look }) => looks[$look]}

  svg {
    flex: none;
  }
`;

/** Title over detail, so a cell stays narrow. */
export const VerdictWords = styled.span`
  display: inline-flex;
  flex-direction: column;

  strong {
    white-space: nowrap;
  }
`;

export const CellButton = styled.button`
  appearance: none;
  background: none;
  border: none;
  padding: 0;
  margin: 0;
  cursor: pointer;
  font: inherit;
  text-align: left;
  border-radius: ${theme.borderRadius.normal};

  &:focus-visible {
    outline: 3px solid ${theme.colors.primary40};
    outline-offset: 2px;
  }
  &[aria-disabled="true"] {
    cursor: progress;
    opacity: 0.6;
  }
`;

export const LegendList = styled.ul`
  display: flex;
  flex-wrap: wrap;
  gap: ${theme.spacing.small} ${theme.spacing.xLarge};
  list-style: none;
  margin: 0 0 ${theme.spacing.medium};
  padding: 0;

  li {
    flex: 1 1 14rem;
    max-width: 24rem;
  }
`;

const pulse = keyframes`
  0% { opacity: 1; }
  50% { opacity: 0.45; }
  100% { opacity: 1; }
`;

export const SkeletonBar = styled.span<{ $width?: string }>`
  display: block;
  height: 0.875rem;
  width: ${({ $width }) => $width ?? "100%"};
  border-radius: ${theme.borderRadius.normal};
  background: ${theme.colors.secondary20};
  animation: ${pulse} 1.4s ease-in-out infinite;
`;
