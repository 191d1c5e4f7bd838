"use client";

import { Button, Form, FormGroup, Input, OffsetPagination, Select } from "@bigcommerce/big-design";
import { SearchIcon } from "@bigcommerce/big-design-icons";
import { memo, useId, useMemo, useState, type FormEvent } from "react";
import type { ChannelView } from "@/lib/contract/access";
import type { IndexStatusResponse } from "@/lib/contract/access-index";
import { PAGE_SIZES, type CustomerSort } from "@/lib/contract/shared";
import { formatCount } from "@/components/BulkChange/describe";
import { hasCustomerFilters, withoutCustomerFilters, type CustomerListQuery } from "@/lib/client";
import { useAfterFirstPaint } from "@/lib/client/after-paint";
import { accessFilterAvailability, accessOptions } from "./access-options";
import { VisuallyHidden } from "@/components/AccessMatrix/styles";
import { ControlPlaceholder, FilterButtons, FilterRow, PaginationPlaceholder, SelectBox } from "./styles";

export const SORT_OPTIONS: { value: CustomerSort | ""; content: string }[] = [
  { value: "", content: "Store default" },
  { value: "last_name:asc", content: "Last name, A to Z" },
  { value: "last_name:desc", content: "Last name, Z to A" },
  { value: "date_created:desc", content: "Newest first (date created)" },
  { value: "date_created:asc", content: "Oldest first (date created)" },
  { value: "date_modified:desc", content: "Recently modified first" },
  { value: "date_modified:asc", content: "Least recently modified first" },
];

/** A filter field named by its placeholder, accessible name and title (the row has no room for labels). */
function TextFilter({ label, hint, type, value, onChange }: { label: string; hint: string; type: "search" | "email"; value: string; onChange(value: string): void }) {
  return <Input aria-label={label} placeholder={label} title={`${label}: ${hint}`} type={type} value={value} onChange={(event) => onChange(event.target.value)} />;
}

interface Draft {
  name: string;
  email: string;
  group: string;
}

const draftOf = (query: CustomerListQuery): Draft => ({
  name: query.name ?? "",
  email: query.email ?? "",
  group: query.customerGroupId === undefined ? "" : String(query.customerGroupId),
});

const groupError = (group: string) => (group.trim() === "" || /^\d+$/.test(group.trim()) ? undefined : "A customer group ID is a whole number, such as 2.");

export interface CustomerFiltersProps {
  value: CustomerListQuery;
  onChange(next: CustomerListQuery): void;
  /** The storefronts the access filter names (the list's channels); without them the filter is not offered. */
  channels?: readonly ChannelView[];
  /** The access index, whose counts the access filter shows and which alone can answer it. */
  index?: IndexStatusResponse;
  /** GET /api/index failed: the filter waits for it. */
  indexFailed?: boolean;
}

/**
 * Who can log in where, answered by the access index (`?access=`), each choice with its count. Applies at once, like
 * the sort; disabled, saying why, until the index holds customers. Memoized: typing in the search fields re-renders
 * the form, not this list of choices.
 */
const AccessFilterSelect = memo(function AccessFilterSelect({ value, onChange, channels, index, indexFailed = false }: CustomerFiltersProps & { channels: readonly ChannelView[] }) {
  const { disabled, why } = accessFilterAvailability(index, indexFailed);
  const noteId = useId();
  const options = useMemo(() => accessOptions(channels, index), [channels, index]);
  return (
    <SelectBox title={why ?? undefined} data-testid="access-filter">
      <Select<string>
        aria-label="Access"
        aria-describedby={why ? noteId : undefined}
        placeholder="Access"
        options={options}
        value={value.access ?? ""}
        disabled={disabled}
        maxHeight={320}
        onOptionChange={(access) => onChange({ ...value, page: 1, access: access || undefined })}
      />
      {/* Its reason for being disabled, read out with it (the row has no room to show it). */}
      {why && <VisuallyHidden id={noteId}>{why}</VisuallyHidden>}
    </SelectBox>
  );
});

/**
 * Search by name (BigCommerce's `name:like`) and exact email, filter by customer group and by access (the index), and
 * sort. Typing changes nothing until the search is submitted (Enter or Search); every change goes back to page 1.
 */
export function CustomerFilters(props: CustomerFiltersProps) {
  const { value, onChange, channels } = props;
  const applied = draftOf(value);
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState<Draft>(applied);
  // When the applied filters change from outside (clear filters, back/forward), the form follows.
  const [seenKey, setSeenKey] = useState(appliedKey);
  if (seenKey !== appliedKey) {
    setSeenKey(appliedKey);
    setDraft(applied);
  }
  const invalidGroup = groupError(draft.group);
  // The sort Select measures itself (floating-ui) when it mounts: after the first paint, in a box of its size.
  const painted = useAfterFirstPaint();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalidGroup) return;
    const group = draft.group.trim();
    onChange({
      ...value,
      page: 1,
      name: draft.name.trim() || undefined,
      email: draft.email.trim() || undefined,
      customerGroupId: group === "" ? undefined : Number(group),
    });
  };
  const clear = () => onChange(withoutCustomerFilters(value));

  return (
    <Form onSubmit={submit} aria-label="Find customers" fullWidth>
      {/* One slim row, so the matrix keeps the screen: each field is named by its placeholder, accessible name and title. */}
      <FilterRow>
        <TextFilter label="Customer name" hint="part of the first or last name." type="search" value={draft.name} onChange={(name) => setDraft({ ...draft, name })} />
        <TextFilter label="Email" hint="the exact address." type="email" value={draft.email} onChange={(email) => setDraft({ ...draft, email })} />
        <FormGroup>
          <Input
            aria-label="Customer group ID"
            placeholder="Customer group ID"
            title="Customer group ID: leave empty for every group."
            inputMode="numeric"
            value={draft.group}
            error={invalidGroup}
            onChange={(event) => setDraft({ ...draft, group: event.target.value })}
          />
        </FormGroup>
        {channels &&
          (painted ? (
            <AccessFilterSelect value={value} onChange={onChange} channels={channels} index={props.index} indexFailed={props.indexFailed} />
          ) : (
            <SelectBox>
              <ControlPlaceholder aria-hidden data-testid="access-placeholder" />
            </SelectBox>
          ))}
        {painted ? (
          <Select<CustomerSort | "">
            aria-label="Sort by"
            placeholder="Sort by"
            options={SORT_OPTIONS}
            value={value.sort ?? ""}
            onOptionChange={(sort) => onChange({ ...value, page: 1, sort: sort || undefined })}
          />
        ) : (
          <ControlPlaceholder aria-hidden data-testid="sort-placeholder" />
        )}
        <FilterButtons>
          <Button type="submit" iconLeft={<SearchIcon size="medium" />} disabled={!!invalidGroup}>
            Search
          </Button>
          {hasCustomerFilters(value) && (
            <Button type="button" variant="subtle" onClick={clear}>
              Clear filters
            </Button>
          )}
        </FilterButtons>
      </FilterRow>
    </Form>
  );
}

export interface CustomerPaginationProps {
  query: CustomerListQuery;
  total: number;
  onChange(next: CustomerListQuery): void;
}

/** The platform's paging: the page, and a page size of 25 to 250 (BigCommerce's largest page). */
export function CustomerPagination({ query, total, onChange }: CustomerPaginationProps) {
  // Its page-size dropdown measures itself (floating-ui) when it mounts: after the first paint, in a box of its height.
  const painted = useAfterFirstPaint();
  if (!painted) return <PaginationPlaceholder aria-hidden data-testid="pagination-placeholder" />;
  return (
    <OffsetPagination
      label="Customer pages"
      currentPage={query.page}
      itemsPerPage={query.limit}
      itemsPerPageOptions={[...PAGE_SIZES]}
      totalItems={total}
      onPageChange={(page) => page !== query.page && onChange({ ...query, page })}
      onItemsPerPageChange={(limit) => limit !== query.limit && onChange({ ...query, limit, page: 1 })}
      getRangeLabel={(start, end, all) => `${start}–${end} of ${formatCount(all)} customers`}
    />
  );
}
