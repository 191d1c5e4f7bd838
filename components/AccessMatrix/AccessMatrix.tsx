"use client";

import { Box, Checkbox, Popover, ProgressCircle, Small, Tooltip } from "@bigcommerce/big-design";
import { EditIcon, PublicIcon, RestoreIcon, WarningIcon } from "@bigcommerce/big-design-icons";
import { createPortal } from "react-dom";
import { lazy, memo, Suspense, useCallback, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import { channelListLabel, describeVerdict, type CustomerAccess, type LoginVerdict } from "@/lib/access";
import type { ChannelView, CustomerView, OtherChannelView } from "@/lib/contract/access";
import type { ChannelLoginCountView } from "@/lib/contract/access-index";
import { compactCount, loginCountSentence } from "@/components/IndexStatus/describe";
import { channelSettingOf, customerAccessOf, customerName } from "@/lib/client";
import { useHydrated } from "@/lib/client/after-paint";
import { globalLoginsWords, statusTag, storefrontStatusSentence, unknownChannelLabel } from "./storefront";
import {
  CELL,
  CellTip,
  ChannelFacts,
  ChannelHeaderButton,
  ChannelName,
  CustomerColumn,
  LoginCount,
  MatrixGrid,
  ROW,
  ScrollArea,
  StatusTag,
  VisuallyHidden,
} from "./styles";
import { CellMark, MarkSprite, verdictLook } from "./Verdict";

// The switch and its confirmation dialog load when a header is first opened, not with the page.
const ChannelDetails = lazy(() => import("./ChannelDetails"));

/**
 * Which rows are selected, for actions on many customers: the ticked ids, or every customer matching the current
 * filters, which a page of rows cannot list.
 */
export type RowSelection = { kind: "ids"; ids: readonly number[] } | { kind: "all_matching" };
export const NO_SELECTION: RowSelection = { kind: "ids", ids: [] };
export const isRowSelected = (selection: RowSelection, customerId: number): boolean =>
  selection.kind === "all_matching" || selection.ids.includes(customerId);

export interface AccessMatrixProps {
  /** The storefront columns to draw (the screen leaves closed ones out unless asked). */
  channels: readonly ChannelView[];
  customers: readonly CustomerView[];
  /** Non-storefront channels, to name ids in a customer's list that are not columns. */
  otherChannels?: readonly OtherChannelView[];
  selection: RowSelection;
  onSelectionChange(selection: RowSelection): void;
  /** A cell was pressed: the merchant wants to change that customer's access to that channel. */
  onCellActivate(customer: CustomerView, channel: ChannelView): void;
  onEditCustomer(customer: CustomerView): void;
  /** Rows with a save in flight: their cells cannot be pressed until it settles. */
  busyCustomerIds?: ReadonlySet<number>;
  /** From the access index: how many customers can log in to each storefront; nothing is shown without them. */
  loginCounts?: readonly ChannelLoginCountView[] | null;
  /** False while the index does not hold every customer: the counts say "so far". */
  loginCountsExact?: boolean;
}

const EDIT_ICON_ID = "channel-access-edit-icon";
const HISTORY_ICON_ID = "channel-access-history-icon";

const displayName = (customer: CustomerView) => customerName(customer) || customer.email || `Customer ${customer.id}`;

/**
 * The row's verdicts by channel id, as the server computed them (CustomerView.access: one per storefront of the same
 * answer, in its order); the page never re-runs the login rule per cell.
 */
const verdictsById = (customer: CustomerView): ReadonlyMap<number, LoginVerdict> => new Map(customer.access.verdicts.map((v) => [v.channelId, v]));

/** The cell's accessible name and tooltip: the domain's sentence, and whether the storefront takes logins at all. */
function cellSentence(who: CustomerAccess, channel: ChannelView, verdict: LoginVerdict): string {
  const sentence = describeVerdict(who, channelSettingOf(channel), verdict);
  const status = storefrontStatusSentence(channel);
  return status ? `${sentence}. ${status}` : sentence;
}

interface HeaderProps {
  channel: ChannelView;
  open: boolean;
  /** Customers who can log in there, from the index. */
  count?: ChannelLoginCountView;
  exact: boolean;
  onOpen(channel: ChannelView, anchor: HTMLElement): void;
}

function ChannelColumnHeader({ channel, open, count, exact, onOpen }: HeaderProps) {
  const setting = globalLoginsWords(channel);
  const status = statusTag(channel);
  const logins = count && `${loginCountSentence(count)}${exact ? "" : " so far (not yet exact)"}`;
  return (
    <th scope="col" data-channel-header={channel.id} data-storefront-status={channel.storefrontStatus}>
      <ChannelHeaderButton
        type="button"
        aria-label={`${channel.name} (channel ${channel.id}): ${setting.toLowerCase()}${status ? `, ${status}` : ""}${logins ? `; ${logins}` : ""}. Details and global-login switch`}
        aria-expanded={open}
        title={logins ? `${channel.name}: ${logins}` : channel.name}
        onClick={(event) => onOpen(channel, event.currentTarget)}
      >
        <ChannelName>{channel.name}</ChannelName>
        <ChannelFacts aria-hidden>
          <span data-global-logins={channel.allowGlobalLogins ? "on" : "off"}>
            <PublicIcon size={12} color={channel.allowGlobalLogins ? "primary" : "secondary40"} /> {channel.allowGlobalLogins ? "on" : "off"}
          </span>
          {count && (
            // The column is narrow: the short count is drawn from data-short, the sentence is the text and the tooltip.
            <LoginCount data-testid={`channel-login-count-${channel.id}`} data-short={`${compactCount(count.canLogIn)} log in`} data-exact={exact} title={logins}>
              <VisuallyHidden>{logins}</VisuallyHidden>
            </LoginCount>
          )}
          {status && <StatusTag $status={channel.storefrontStatus as "prelaunch" | "closed"}>{status}</StatusTag>}
        </ChannelFacts>
      </ChannelHeaderButton>
    </th>
  );
}

/** Ids in the customer's list that are not storefront columns: a warning mark whose tooltip names them. */
function UnknownChannelsMark({ unknown, otherChannels }: { unknown: readonly number[]; otherChannels: readonly OtherChannelView[] }) {
  // BigDesign's Tooltip portals into document.body as it renders: the server-rendered page shows the mark alone.
  const hydrated = useHydrated();
  const names = unknown.map((id) => unknownChannelLabel(id, otherChannels)).join(", ");
  const mark = (
    <span tabIndex={0} role="img" aria-label={`Their list also names ${names}`} data-unknown-channels={unknown.join(",")}>
      <WarningIcon size={16} color="warning50" aria-hidden />
    </span>
  );
  if (!hydrated) return mark;
  return (
    <Tooltip placement="right" trigger={mark}>
      {`Their list also names ${names}. Edit to keep or drop ${unknown.length === 1 ? "it" : "them"}.`}
    </Tooltip>
  );
}

interface RowProps {
  customer: CustomerView;
  rowIndex: number;
  channels: readonly ChannelView[];
  otherChannels: readonly OtherChannelView[];
  selected: boolean;
  busy: boolean;
  /** The column of this row's cell that takes Tab focus (roving tabindex), or -1. */
  activeCol: number;
  onSelect(customerId: number, selected: boolean): void;
  onCellActivate(customer: CustomerView, channel: ChannelView): void;
  onEditCustomer(customer: CustomerView): void;
}

const CustomerRow = memo(function CustomerRow({ customer, rowIndex, channels, otherChannels, selected, busy, activeCol, onSelect, onCellActivate, onEditCustomer }: RowProps) {
  const name = displayName(customer);
  const origin = channels.find((c) => c.id === customer.originChannelId);
  const global = customer.channelIds === null;
  const unknown = customer.access.unknownChannelIds;
  const verdicts = verdictsById(customer);
  const who = customerAccessOf(customer);
  const originWords = `Origin channel: ${origin ? `${origin.name} (ID ${origin.id})` : `ID ${customer.originChannelId}`}`;
  const modeWords = global ? "Global: no list of channels, logs in wherever global logins are allowed." : `Specific: logs in only to ${channelListLabel(customer.channelIds ?? [])}.`;
  return (
    <tr data-customer-row={customer.id} aria-selected={selected} aria-busy={busy || undefined}>
      <th scope="row">
        {/* Plain elements styled by the grid's classes (ROW): the page draws this cell 50 to 250 times. */}
        <div className={ROW.cell}>
          <Checkbox hiddenLabel label={`Select ${name}`} checked={selected} onChange={(event) => onSelect(customer.id, event.target.checked)} />
          <div className={ROW.text} title={`${name} · ${customer.email} · ${originWords}`}>
            <span className={ROW.name}>{name}</span>
            <span className={ROW.email}>
              <abbr className={ROW.mode} title={modeWords} data-mode={global ? "global" : "specific"}>
                {global ? "Global" : "Specific"}
              </abbr>{" "}
              {customer.email}
            </span>
            <span className={ROW.hidden}>{originWords}</span>
          </div>
          {unknown.length > 0 && <UnknownChannelsMark unknown={unknown} otherChannels={otherChannels} />}
          <button type="button" className={ROW.edit} onClick={() => onEditCustomer(customer)} aria-label={`Edit access for ${name}`} title="Edit access">
            <svg aria-hidden focusable="false" viewBox="0 0 24 24">
              <use href={`#${EDIT_ICON_ID}`} />
            </svg>
          </button>
          {/* The Activity screen filtered to this customer (its URL state: lib/client/activity.ts). */}
          <a className={ROW.edit} href={`/activity?customer=${customer.id}`} aria-label={`History for ${name}`} title="History">
            <svg aria-hidden focusable="false" viewBox="0 0 24 24">
              <use href={`#${HISTORY_ICON_ID}`} />
            </svg>
          </a>
        </div>
      </th>
      {channels.map((channel, col) => {
        const verdict = verdicts.get(channel.id)!;
        const sentence = cellSentence(who, channel, verdict);
        const look = verdictLook(verdict);
        return (
          <td key={channel.id} data-storefront-status={channel.storefrontStatus}>
            {/* The tooltip is the grid's one shared CellTip (a BigDesign Tooltip per cell made 500 of them per page). */}
            <button
              type="button"
              className={CELL.button}
              aria-label={sentence}
              aria-disabled={busy || undefined}
              tabIndex={col === activeCol ? 0 : -1}
              data-verdict={look}
              data-customer-id={customer.id}
              data-channel-id={channel.id}
              data-row-index={rowIndex}
              data-col-index={col}
              onClick={() => !busy && onCellActivate(customer, channel)}
            >
              <CellMark look={look} />
            </button>
          </td>
        );
      })}
    </tr>
  );
});

type Position = { row: number; col: number };

/** Where an arrow (or Home/End/Page) key moves from `at`, inside a grid of rows × cols; null for other keys. */
export function nextCell(key: string, at: Position, rows: number, cols: number, ctrl = false): Position | null {
  const clamp = (p: Position): Position => ({ row: Math.max(0, Math.min(rows - 1, p.row)), col: Math.max(0, Math.min(cols - 1, p.col)) });
  switch (key) {
    case "ArrowUp":
      return clamp({ ...at, row: at.row - 1 });
    case "ArrowDown":
      return clamp({ ...at, row: at.row + 1 });
    case "ArrowLeft":
      return clamp({ ...at, col: at.col - 1 });
    case "ArrowRight":
      return clamp({ ...at, col: at.col + 1 });
    case "Home":
      return clamp(ctrl ? { row: 0, col: 0 } : { ...at, col: 0 });
    case "End":
      return clamp(ctrl ? { row: rows - 1, col: cols - 1 } : { ...at, col: cols - 1 });
    case "PageUp":
      return clamp({ ...at, row: at.row - 10 });
    case "PageDown":
      return clamp({ ...at, row: at.row + 10 });
    default:
      return null;
  }
}

const cellPosition = (target: EventTarget): Position | null => {
  const cell = target instanceof HTMLElement ? target.closest<HTMLElement>("[data-col-index]") : null;
  return cell ? { row: Number(cell.dataset.rowIndex), col: Number(cell.dataset.colIndex) } : null;
};

/**
 * The access matrix: one column per storefront, one row per customer, and in every cell whether that customer can log
 * in there and why (the guide's diagram, live). Compact cells, a sticky header row and customer column, arrow keys
 * between cells; a header opens the storefront's details and its global-logins switch.
 */
export function AccessMatrix(props: AccessMatrixProps) {
  const { channels, customers, otherChannels = [], selection, onSelectionChange, onCellActivate, onEditCustomer, busyCustomerIds, loginCounts, loginCountsExact = true } = props;
  const pageIds = useMemo(() => customers.map((c) => c.id), [customers]);
  const selectedOnPage = pageIds.filter((id) => isRowSelected(selection, id));
  const allOnPage = pageIds.length > 0 && selectedOnPage.length === pageIds.length;
  const grid = useRef<HTMLTableElement>(null);
  const [active, setActive] = useState<Position>({ row: 0, col: 0 });
  const activeRow = Math.min(active.row, customers.length - 1);
  const activeCol = Math.min(active.col, channels.length - 1);
  const [details, setDetails] = useState<{ channelId: number; anchor: HTMLElement } | null>(null);
  const [tip, setTip] = useState<{ text: string; left: number; top: number } | null>(null);
  const showTip = (target: EventTarget | null) => {
    const cell = target instanceof HTMLElement ? target.closest<HTMLElement>("[data-col-index]") : null;
    if (!cell) return setTip(null);
    const box = cell.getBoundingClientRect();
    setTip({ text: cell.getAttribute("aria-label") ?? "", left: box.left + box.width / 2, top: box.top });
  };
  const [confirming, setConfirming] = useState(false);
  const detailsChannel = details && channels.find((c) => c.id === details.channelId);

  // Stable while the selection is unchanged, so opening a dialog does not re-render every row.
  const onSelect = useCallback(
    (customerId: number, selected: boolean) => {
      // Unticking one row of "all matching" narrows the selection to the rows on this page that stay ticked.
      const current = selection.kind === "all_matching" ? pageIds : selection.ids;
      const ids = selected ? [...new Set([...current, customerId])] : current.filter((id) => id !== customerId);
      onSelectionChange({ kind: "ids", ids });
    },
    [selection, pageIds, onSelectionChange],
  );
  const onSelectPage = (selected: boolean) => {
    const current = selection.kind === "all_matching" ? pageIds : selection.ids;
    const ids = selected ? [...new Set([...current, ...pageIds])] : current.filter((id) => !pageIds.includes(id));
    onSelectionChange({ kind: "ids", ids });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.key === "Escape") setTip(null);
    const at = cellPosition(event.target);
    if (!at) return;
    const next = nextCell(event.key, at, customers.length, channels.length, event.ctrlKey || event.metaKey);
    if (!next) return;
    event.preventDefault();
    setActive(next);
    grid.current?.querySelector<HTMLElement>(`[data-row-index="${next.row}"][data-col-index="${next.col}"]`)?.focus();
  };
  // Clicking or tabbing into a cell makes it the one Tab returns to.
  const onFocus = (event: FocusEvent<HTMLTableElement>) => {
    const at = cellPosition(event.target);
    if (at && (at.row !== active.row || at.col !== active.col)) setActive(at);
    showTip(event.target);
  };
  // A click on another header reaches the open popover's "click outside" after the header's own handler: that click
  // opens the other storefront's details rather than closing everything.
  const headerClicked = useRef(false);
  const onOpenDetails = useCallback((channel: ChannelView, anchor: HTMLElement) => {
    headerClicked.current = true;
    setTimeout(() => (headerClicked.current = false), 0);
    setDetails((open) => (open?.channelId === channel.id ? null : { channelId: channel.id, anchor }));
  }, []);
  const closeDetails = useCallback(() => {
    if (headerClicked.current) return;
    setDetails(null);
    setConfirming(false);
  }, []);

  return (
    <>
      <ScrollArea data-testid="matrix-scroll" onScroll={() => tip && setTip(null)}>
        <MarkSprite />
        <svg aria-hidden width="0" height="0" style={{ position: "absolute" }}>
          <defs>
            {/* Drawn once; each row's edit button and history link show them through an SVG <use>. */}
            <EditIcon id={EDIT_ICON_ID} size={24} />
            <RestoreIcon id={HISTORY_ICON_ID} size={24} />
          </defs>
        </svg>
        <MatrixGrid
          ref={grid}
          $channels={channels.length}
          aria-label="Who can log in where"
          aria-describedby="matrix-keys"
          data-testid="access-matrix"
          onKeyDown={onKeyDown}
          onFocus={onFocus}
          onBlur={() => setTip(null)}
          onMouseOver={(event) => showTip(event.target)}
          onMouseLeave={() => setTip(null)}
        >
          <colgroup>
            <CustomerColumn />
            {channels.map((c) => (
              <col key={c.id} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col">
                <div className={ROW.cell}>
                  <Checkbox
                    hiddenLabel
                    label="Select every customer on this page"
                    checked={allOnPage}
                    isIndeterminate={!allOnPage && selectedOnPage.length > 0}
                    disabled={pageIds.length === 0}
                    onChange={(event) => onSelectPage(event.target.checked)}
                  />
                  <div className={ROW.text}>
                    <span className={ROW.name}>Customer</span>
                    <span className={ROW.email} id="matrix-keys">
                      Arrow keys move between cells
                    </span>
                  </div>
                </div>
              </th>
              {channels.map((channel) => (
                <ChannelColumnHeader
                  key={channel.id}
                  channel={channel}
                  open={details?.channelId === channel.id}
                  count={loginCounts?.find((c) => c.channelId === channel.id)}
                  exact={loginCountsExact}
                  onOpen={onOpenDetails}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {customers.map((customer, row) => (
              <CustomerRow
                key={customer.id}
                customer={customer}
                rowIndex={row}
                channels={channels}
                otherChannels={otherChannels}
                selected={isRowSelected(selection, customer.id)}
                busy={busyCustomerIds?.has(customer.id) ?? false}
                activeCol={row === activeRow ? activeCol : -1}
                onSelect={onSelect}
                onCellActivate={onCellActivate}
                onEditCustomer={onEditCustomer}
              />
            ))}
          </tbody>
        </MatrixGrid>
      </ScrollArea>
      {tip &&
        createPortal(
          <CellTip role="tooltip" style={{ left: tip.left, top: tip.top }}>
            <Small color="white" marginBottom="none">
              {tip.text}
            </Small>
          </CellTip>,
          document.body,
        )}
      {/* Outside the scroll box, so the popover is never clipped by it. */}
      {details && detailsChannel && (
        <Popover
          isOpen
          anchorElement={details.anchor}
          label={`${detailsChannel.name} details`}
          placement="bottom-start"
          onClose={closeDetails}
          closeOnClickOutside={!confirming}
          closeOnEscKey={!confirming}
        >
          {/* BigDesign 5's Popover drops its own role, so the content names itself as the dialog it is. */}
          <Box role="dialog" aria-label={`${detailsChannel.name} details`}>
            <Suspense fallback={<ProgressCircle size="xSmall" />}>
              <ChannelDetails channel={detailsChannel} onConfirmingChange={setConfirming} />
            </Suspense>
          </Box>
        </Popover>
      )}
    </>
  );
}
