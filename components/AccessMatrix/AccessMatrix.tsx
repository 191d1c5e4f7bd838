"use client";

import { Badge, Box, Button, Checkbox, Flex, Small, Text, Tooltip } from "@bigcommerce/big-design";
import { EditIcon } from "@bigcommerce/big-design-icons";
import { memo, useCallback, useMemo } from "react";
import { GlobalLoginsToggle } from "@/components/GlobalLoginsToggle/GlobalLoginsToggle";
import { channelListLabel, describeVerdict, loginVerdict, type LoginVerdict } from "@/lib/access";
import type { ChannelView, CustomerView } from "@/lib/contract/access";
import { channelSettingOf, customerAccessOf, customerName } from "@/lib/client";
import { CellButton, ChannelHeader, CustomerHeader, Grid, ScrollArea, SelectCell } from "./styles";
import { verdictLook, VerdictMark } from "./Verdict";

/**
 * Which rows are selected, for actions on many customers: the ticked ids, or (later) every customer matching the
 * current filters, which a page of rows cannot list.
 */
export type RowSelection = { kind: "ids"; ids: readonly number[] } | { kind: "all_matching" };
export const NO_SELECTION: RowSelection = { kind: "ids", ids: [] };
export const isRowSelected = (selection: RowSelection, customerId: number): boolean =>
  selection.kind === "all_matching" || selection.ids.includes(customerId);

export interface AccessMatrixProps {
  channels: readonly ChannelView[];
  customers: readonly CustomerView[];
  selection: RowSelection;
  onSelectionChange(selection: RowSelection): void;
  /** A cell was pressed: the merchant wants to change that customer's access to that channel. */
  onCellActivate(customer: CustomerView, channel: ChannelView): void;
  onEditCustomer(customer: CustomerView): void;
  /** Rows with a save in flight: their cells cannot be pressed until it settles. */
  busyCustomerIds?: ReadonlySet<number>;
}

const displayName = (customer: CustomerView) => customerName(customer) || customer.email || `Customer ${customer.id}`;

function verdictFor(customer: CustomerView, channel: ChannelView): LoginVerdict {
  return customer.access.verdicts.find((v) => v.channelId === channel.id) ?? loginVerdict(customerAccessOf(customer), channelSettingOf(channel));
}

/** The cell's accessible name and tooltip: the domain's sentence for this customer, channel and verdict. */
export function cellSentence(customer: CustomerView, channel: ChannelView): string {
  return describeVerdict(customerAccessOf(customer), channelSettingOf(channel), verdictFor(customer, channel));
}

function ChannelColumnHeader({ channel }: { channel: ChannelView }) {
  return (
    <ChannelHeader scope="col" data-channel-header={channel.id}>
      <Text bold marginBottom="none">
        {channel.name}
      </Text>
      <Small marginBottom="none">
        {[channel.type, channel.platform].filter(Boolean).join(" · ") || "channel"} · ID {channel.id}
        {channel.status ? ` · ${channel.status}` : ""}
      </Small>
      <GlobalLoginsToggle channel={channel} />
    </ChannelHeader>
  );
}

interface RowProps {
  customer: CustomerView;
  channels: readonly ChannelView[];
  selected: boolean;
  busy: boolean;
  onSelect(customerId: number, selected: boolean): void;
  onCellActivate(customer: CustomerView, channel: ChannelView): void;
  onEditCustomer(customer: CustomerView): void;
}

const CustomerRow = memo(function CustomerRow({ customer, channels, selected, busy, onSelect, onCellActivate, onEditCustomer }: RowProps) {
  const name = displayName(customer);
  const origin = channels.find((c) => c.id === customer.originChannelId);
  const global = customer.channelIds === null;
  return (
    <tr data-customer-row={customer.id} aria-selected={selected} aria-busy={busy || undefined}>
      <SelectCell>
        <Checkbox hiddenLabel label={`Select ${name}`} checked={selected} onChange={(event) => onSelect(customer.id, event.target.checked)} />
      </SelectCell>
      <th scope="row">
        <Flex justifyContent="space-between" alignItems="flex-start" flexGap="0.5rem">
          <Box>
            <Flex alignItems="center" flexGap="0.5rem" flexWrap="wrap">
              <Text bold marginBottom="none">
                {name}
              </Text>
              <Badge
                label={global ? "Global" : "Specific"}
                variant={global ? "primary" : "secondary"}
                title={global ? "No list of channels: logs in wherever global logins are allowed." : `Logs in only to ${channelListLabel(customer.channelIds ?? [])}.`}
                data-mode={global ? "global" : "specific"}
              />
            </Flex>
            <Small marginBottom="none">{customer.email}</Small>
            <Small marginBottom="none">Origin channel: {origin ? `${origin.name} (ID ${origin.id})` : `ID ${customer.originChannelId}`}</Small>
            {customer.access.unknownChannelIds.length > 0 && (
              <Small marginBottom="none" color="warning50">
                Their list also names unknown {channelListLabel(customer.access.unknownChannelIds)}.
              </Small>
            )}
          </Box>
          <Button variant="subtle" iconLeft={<EditIcon size="small" />} onClick={() => onEditCustomer(customer)} aria-label={`Edit access for ${name}`}>
            Edit
          </Button>
        </Flex>
      </th>
      {channels.map((channel) => {
        const verdict = verdictFor(customer, channel);
        const sentence = cellSentence(customer, channel);
        return (
          <td key={channel.id}>
            <Tooltip
              placement="top"
              trigger={
                <CellButton
                  type="button"
                  aria-label={sentence}
                  aria-disabled={busy || undefined}
                  data-verdict={verdictLook(verdict)}
                  data-customer-id={customer.id}
                  data-channel-id={channel.id}
                  onClick={() => !busy && onCellActivate(customer, channel)}
                >
                  <VerdictMark verdict={verdict} />
                </CellButton>
              }
            >
              {sentence}
            </Tooltip>
          </td>
        );
      })}
    </tr>
  );
});

/**
 * The access matrix: one column per channel, one row per customer, and in every cell whether that customer can log in
 * to that channel and why (the guide's diagram, live).
 */
export function AccessMatrix({ channels, customers, selection, onSelectionChange, onCellActivate, onEditCustomer, busyCustomerIds }: AccessMatrixProps) {
  const pageIds = useMemo(() => customers.map((c) => c.id), [customers]);
  const selectedOnPage = pageIds.filter((id) => isRowSelected(selection, id));
  const allOnPage = pageIds.length > 0 && selectedOnPage.length === pageIds.length;

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

  return (
    <ScrollArea>
      <Grid aria-label="Who can log in where" data-testid="access-matrix">
        <thead>
          <tr>
            <SelectCell as="th" scope="col">
              <Checkbox
                hiddenLabel
                label="Select every customer on this page"
                checked={allOnPage}
                isIndeterminate={!allOnPage && selectedOnPage.length > 0}
                disabled={pageIds.length === 0}
                onChange={(event) => onSelectPage(event.target.checked)}
              />
            </SelectCell>
            <CustomerHeader scope="col">
              <Text bold marginBottom="none">
                Customer
              </Text>
              <Small marginBottom="none">Mode: Global (no list) or Specific (list of channels)</Small>
            </CustomerHeader>
            {channels.map((channel) => (
              <ChannelColumnHeader key={channel.id} channel={channel} />
            ))}
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <CustomerRow
              key={customer.id}
              customer={customer}
              channels={channels}
              selected={isRowSelected(selection, customer.id)}
              busy={busyCustomerIds?.has(customer.id) ?? false}
              onSelect={onSelect}
              onCellActivate={onCellActivate}
              onEditCustomer={onEditCustomer}
            />
          ))}
        </tbody>
      </Grid>
    </ScrollArea>
  );
}
