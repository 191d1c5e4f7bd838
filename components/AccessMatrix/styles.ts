// Layout styles of the matrix: a compact grid with a sticky header row and customer column, the three cell looks,
// the compact legend and the loading placeholders. Sizes are chosen so ten storefront columns and a dozen rows fit a
// control-panel iframe of about 1000×700 px.
import { theme } from "@bigcommerce/big-design-theme";
import styled, { css, keyframes } from "styled-components";

export type VerdictLook = "explicit" | "global" | "none";

/** Width of the sticky customer column, and the narrowest a storefront column gets before the grid scrolls sideways. */
export const CUSTOMER_COLUMN_REM = 12.5;
export const CHANNEL_COLUMN_MIN_REM = 4;
const HEADER_HEIGHT_REM = 4;

/**
 * The grid's own scroll box: both directions, so the header row sticks while rows scroll and the customer column
 * sticks while columns scroll. It takes the height left on the screen (see AccessScreen's layout).
 */
export const ScrollArea = styled.div`
  overflow: auto;
  border: 1px solid ${theme.colors.secondary30};
  border-radius: ${theme.borderRadius.normal};
  background: ${theme.colors.white};
  /* Keyboard focus scrolls a cell clear of the sticky header and customer column. */
  scroll-padding-top: ${HEADER_HEIGHT_REM}rem;
  scroll-padding-left: ${CUSTOMER_COLUMN_REM}rem;
`;

export const Grid = styled.table`
  /* separate, not collapse: collapsed borders do not travel with sticky cells. */
  border-collapse: separate;
  border-spacing: 0;
  width: 100%;

  th,
  td {
    border-bottom: 1px solid ${theme.colors.secondary20};
    padding: ${theme.spacing.xxSmall} ${theme.spacing.xSmall};
    text-align: left;
    vertical-align: middle;
  }
  thead th {
    background: ${theme.colors.secondary10};
    vertical-align: bottom;
  }
  tbody tr:last-child td,
  tbody tr:last-child th {
    border-bottom: none;
  }
  tbody tr[aria-selected="true"] > * {
    background: ${theme.colors.primary10};
  }
`;

/** The matrix's own grid: sticky header row and first column. */
export const MatrixGrid = styled(Grid)<{ $channels: number }>`
  /* Equal storefront columns that share the width, down to a minimum; below it the grid scrolls sideways. */
  table-layout: fixed;
  width: ${({ $channels }) => `max(100%, ${CUSTOMER_COLUMN_REM + $channels * CHANNEL_COLUMN_MIN_REM}rem)`};
  font-size: ${theme.typography.fontSize.small};

  thead th {
    position: sticky;
    top: 0;
    z-index: 2;
    height: ${HEADER_HEIGHT_REM}rem;
    padding: 2px;
  }
  thead th:first-child {
    left: 0;
    z-index: 3;
  }
  tbody th {
    position: sticky;
    left: 0;
    z-index: 1;
    height: 2rem;
    padding: 1px ${theme.spacing.xxSmall} 1px ${theme.spacing.xSmall};
    background: ${theme.colors.white};
    border-right: 1px solid ${theme.colors.secondary30};
  }
  thead th:first-child {
    border-right: 1px solid ${theme.colors.secondary30};
  }
  td {
    padding: 1px 2px;
    text-align: center;
  }
  ${() => cellStyles}
  ${() => rowStyles}

  /* Closed storefronts: drawn dimmed (shown only on request). */
  td[data-storefront-status="closed"] > *,
  th[data-storefront-status="closed"] > * {
    opacity: 0.55;
  }
`;

export const CustomerColumn = styled.col`
  width: ${CUSTOMER_COLUMN_REM}rem;
`;

/**
 * The customer column's classes, styled once by MatrixGrid (like the cells': a styled component per element of 50
 * rows was a large share of the first render).
 */
export const ROW = {
  /** Tick box, name over email, edit button, all on one compact row. */
  cell: "ca-customer",
  text: "ca-customer-text",
  name: "ca-customer-name",
  email: "ca-customer-email",
  /** A short mode tag ("Global" / "Specific") beside the email; BigDesign's Badge is too tall for a 36 px row. */
  mode: "ca-mode",
  hidden: "ca-visually-hidden",
  /** The row's small edit button (BigDesign's Button is 36 px tall, more than a compact row). */
  edit: "ca-edit",
} as const;

const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;

const rowStyles = css`
  .${ROW.cell} {
    display: flex;
    align-items: center;
    gap: ${theme.spacing.xxSmall};
    min-width: 0;

    /* BigDesign's checkbox wrapper has no need for its own margin here. */
    & > :first-child {
      flex: none;
    }
  }
  .${ROW.text} {
    flex: 1 1 auto;
    min-width: 0;
    line-height: 0.95rem;

    & > * {
      display: block;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  }
  .${ROW.name} {
    font-size: 0.8125rem;
    font-weight: ${theme.typography.fontWeight.semiBold};
    color: ${theme.colors.secondary70};
  }
  .${ROW.email} {
    font-size: 0.6875rem;
    color: ${theme.colors.secondary60};
  }
  .${ROW.mode} {
    flex: none;
    text-decoration: none;
    font-size: 0.5625rem;
    font-weight: ${theme.typography.fontWeight.semiBold};
    line-height: 0.75rem;
    padding: 0 3px;
    border-radius: ${theme.borderRadius.normal};
    text-transform: uppercase;
    letter-spacing: 0.02em;
    background: ${theme.colors.secondary20};
    color: ${theme.colors.secondary70};
  }
  .${ROW.mode}[data-mode="global"] {
    background: ${theme.colors.primary20};
    color: ${theme.colors.primary70};
  }
  .${ROW.hidden} {
    ${visuallyHidden}
  }
  .${ROW.edit} {
    appearance: none;
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.5rem;
    height: 1.5rem;
    padding: 0;
    border: none;
    border-radius: ${theme.borderRadius.normal};
    background: none;
    color: ${theme.colors.primary};
    cursor: pointer;

    &:hover {
      background: ${theme.colors.primary10};
    }
    &:focus-visible {
      outline: 2px solid ${theme.colors.primary};
      outline-offset: 0;
    }
    svg {
      width: 1rem;
      height: 1rem;
    }
  }
`;

export const VisuallyHidden = styled.span`
  ${visuallyHidden}
`;

const focusRing = css`
  &:focus-visible {
    outline: 2px solid ${theme.colors.primary};
    outline-offset: -2px;
    box-shadow: 0 0 0 4px ${theme.colors.primary20};
  }
`;

/** The channel header: a button that opens the storefront's details and its global-logins switch. */
export const ChannelHeaderButton = styled.button`
  appearance: none;
  display: flex;
  flex-direction: column;
  justify-content: flex-end;
  gap: 2px;
  width: 100%;
  height: 100%;
  padding: 2px 3px;
  border: 1px solid transparent;
  border-radius: ${theme.borderRadius.normal};
  background: none;
  font: inherit;
  color: inherit;
  text-align: left;
  cursor: pointer;

  &:hover,
  &[aria-expanded="true"] {
    border-color: ${theme.colors.secondary30};
    background: ${theme.colors.white};
  }
  ${focusRing}
`;

export const ChannelName = styled.span`
  display: -webkit-box;
  -webkit-line-clamp: 2;
  -webkit-box-orient: vertical;
  overflow: hidden;
  overflow-wrap: anywhere;
  font-size: 0.71875rem;
  font-weight: ${theme.typography.fontWeight.semiBold};
  line-height: 0.875rem;
  color: ${theme.colors.secondary70};
`;

export const ChannelFacts = styled.span`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 2px 4px;
  font-size: 0.625rem;
  line-height: 0.8rem;
  color: ${theme.colors.secondary60};

  svg {
    flex: none;
  }
`;

/**
 * A storefront's login count in its header, drawn short ("12.4K") from data-short; its text is the full sentence,
 * visually hidden, and its tooltip.
 */
export const LoginCount = styled.span`
  font-variant-numeric: tabular-nums;
  font-weight: ${theme.typography.fontWeight.semiBold};
  white-space: nowrap;

  /* "442 log in", never a bare number beside "on"/"off" that could read as part of the setting. */
  &::before {
    content: attr(data-short);
  }
`;

export const StatusTag = styled.span<{ $status: "prelaunch" | "closed" }>`
  padding: 0 3px;
  border-radius: ${theme.borderRadius.normal};
  white-space: nowrap;
  ${({ $status }) =>
    $status === "prelaunch"
      ? css`
          background: ${theme.colors.warning10};
          color: ${theme.colors.warning70};
        `
      : css`
          background: ${theme.colors.secondary20};
          color: ${theme.colors.secondary70};
        `}
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

const chipBase = css`
  display: inline-flex;
  align-items: center;
  gap: ${theme.spacing.xxSmall};
  border-radius: ${theme.borderRadius.normal};
  line-height: 1.25;
  white-space: nowrap;

  svg {
    flex: none;
  }
`;
const compactChip = css`
  gap: 2px;
  padding: 0 3px;
  font-size: 0.6875rem;
  font-weight: ${theme.typography.fontWeight.semiBold};
`;

export const VerdictChip = styled.span<{ $look: VerdictLook; $compact?: boolean }>`
  ${chipBase}
  ${({ $compact }) =>
    $compact
      ? compactChip
      : css`
          padding: ${theme.spacing.xxSmall} ${theme.spacing.small};
          font-size: ${theme.typography.fontSize.small};
        `}
  ${({ $look }) => looks[$look]}
`;

/** Title over detail, so a cell stays narrow. */
export const VerdictWords = styled.span`
  display: inline-flex;
  flex-direction: column;

  strong {
    white-space: nowrap;
  }
`;

/**
 * The matrix cells' classes, styled once by MatrixGrid: a page has up to 2,500 cells, and a styled component per
 * cell (button, chip, icon) cost the first render more than everything else on the screen.
 */
export const CELL = { button: "ca-cell", chip: "ca-chip" } as const;

const cellStyles = css`
  .${CELL.button} {
    appearance: none;
    display: flex;
    justify-content: center;
    width: 100%;
    background: none;
    border: none;
    padding: 3px 0;
    margin: 0;
    cursor: pointer;
    font: inherit;
    border-radius: ${theme.borderRadius.normal};
    ${focusRing}

    &[aria-disabled="true"] {
      cursor: progress;
      opacity: 0.6;
    }
  }
  .${CELL.chip} {
    ${chipBase}
    ${compactChip}

    svg {
      width: ${theme.spacing.small};
      height: ${theme.spacing.small};
      vertical-align: middle;
    }
  }
  .${CELL.chip}[data-look="explicit"] {
    ${looks.explicit}
  }
  .${CELL.chip}[data-look="global"] {
    ${looks.global}
  }
  .${CELL.chip}[data-look="none"] {
    ${looks.none}
  }
`;

/** The grid's one tooltip, drawn like BigDesign's, above the hovered or focused cell (fixed: the cell's viewport box). */
export const CellTip = styled.div`
  position: fixed;
  z-index: ${theme.zIndex.tooltip};
  max-width: 21rem;
  padding: ${theme.spacing.xSmall};
  background: ${theme.colors.secondary70};
  ${theme.shadow.floating};
  transform: translate(-50%, calc(-100% - 4px));
  pointer-events: none;
`;

/** The legend on one line: each look with its short word and a few words of meaning. */
export const LegendList = styled.ul`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${theme.spacing.xxSmall} ${theme.spacing.medium};
  list-style: none;
  margin: 0;
  padding: 0;
  font-size: 0.75rem;
  color: ${theme.colors.secondary60};

  li {
    display: inline-flex;
    align-items: center;
    gap: ${theme.spacing.xxSmall};
  }
`;

/**
 * The access screen fills the height it is given (AppShell gives it the frame's): the grid's scroll box takes what
 * the filters and toolbar leave, so the header row and customer column can stick inside it.
 */
export const Screen = styled.div`
  display: flex;
  flex-direction: column;
  flex: 1 1 auto;
  min-height: 0;

  & > * {
    flex: none;
  }
  & > [data-testid="matrix-scroll"] {
    flex: 0 1 auto;
    min-height: 12rem;
  }
`;

/** The line between the filters and the grid: legend, other channels, closed storefronts. */
export const MatrixToolbar = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: ${theme.spacing.xxSmall} ${theme.spacing.medium};
  margin-bottom: ${theme.spacing.xSmall};
  font-size: 0.75rem;
  color: ${theme.colors.secondary60};
`;

/** The toolbar's second line: small print that needs no action. */
export const ToolbarNote = styled.div`
  flex: 1 1 100%;
  display: flex;
  flex-wrap: wrap;
  gap: 0 ${theme.spacing.medium};
`;

/** The freshness line's place: the end of the toolbar's second line, so it takes no line of its own on a busy store. */
export const FreshnessSlot = styled.div`
  margin-left: auto;
  &:empty {
    display: none;
  }
`;

export const ToolbarGroup = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${theme.spacing.xxSmall} ${theme.spacing.medium};
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
