"use client";

import { Button, Form, FormGroup, Input, Select } from "@bigcommerce/big-design";
import { useState, type FormEvent } from "react";
import { SOURCE_WORDS } from "@/lib/activity/describe";
import type { ChannelView } from "@/lib/contract/access";
import type { ActivitySource } from "@/lib/contract/activity";
import { ACTIVITY_SOURCES, OUTSIDE_USER } from "@/lib/contract/shared";
import { hasActivityFilters, withoutActivityFilters, type ActivityListQuery } from "@/lib/client/activity";
import { FilterButtons, FilterRow } from "@/components/CustomerFilters/styles";

interface Draft {
  customer: string;
  channel: string;
  user: string;
  source: string;
  from: string;
  to: string;
}

const draftOf = (query: ActivityListQuery): Draft => ({
  customer: query.customer === undefined ? "" : String(query.customer),
  channel: query.channel === undefined ? "" : String(query.channel),
  user: query.user ?? "",
  source: query.source ?? "",
  from: query.from ?? "",
  to: query.to ?? "",
});

const customerError = (text: string) => (text.trim() === "" || /^[1-9]\d*$/.test(text.trim()) ? undefined : "A customer ID is a whole number, such as 12.");
const datesError = (from: string, to: string) => (from && to && from > to ? "The start date is after the end date." : undefined);

export interface ActivityFiltersProps {
  value: ActivityListQuery;
  onChange(next: ActivityListQuery): void;
  /** The storefronts the channel filter offers. */
  channels: readonly ChannelView[];
}

/**
 * The log's filters: customer, storefront, user (email, or "outside"), source and dates (inclusive, UTC), applied
 * together with "Apply"; a bulk job's expansion (`job`) is kept until the filters are cleared.
 */
export function ActivityFilters({ value, onChange, channels }: ActivityFiltersProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(value));
  const [shown, setShown] = useState(value);
  // A new URL state (e.g. "History" from another row, or Clear) resets the fields.
  if (shown !== value) {
    setShown(value);
    setDraft(draftOf(value));
  }
  const set = (key: keyof Draft) => (text: string) => setDraft((d) => ({ ...d, [key]: text }));
  const invalid = customerError(draft.customer) ?? datesError(draft.from, draft.to);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    onChange({
      ...value,
      page: 1,
      customer: draft.customer.trim() ? Number(draft.customer.trim()) : undefined,
      channel: draft.channel ? Number(draft.channel) : undefined,
      user: draft.user.trim() || undefined,
      source: (draft.source || undefined) as ActivitySource | undefined,
      from: draft.from || undefined,
      to: draft.to || undefined,
    });
  };

  return (
    <Form fullWidth onSubmit={apply} aria-label="Filter the activity">
      <FilterRow>
        {/* BigDesign shows an Input's error inside a FormGroup. */}
        <FormGroup>
          <Input label="Customer ID" inputMode="numeric" value={draft.customer} error={customerError(draft.customer)} onChange={(e) => set("customer")(e.target.value)} />
        </FormGroup>
        <Select
          label="Storefront"
          value={draft.channel}
          onOptionChange={(v) => set("channel")(v ?? "")}
          options={[{ value: "", content: "All storefronts" }, ...channels.map((c) => ({ value: String(c.id), content: c.name }))]}
        />
        <Input label="User" description={`An email, or "${OUTSIDE_USER}"`} value={draft.user} onChange={(e) => set("user")(e.target.value)} />
        <Select
          label="Source"
          value={draft.source}
          onOptionChange={(v) => set("source")(v ?? "")}
          options={[{ value: "", content: "All sources" }, ...ACTIVITY_SOURCES.map((s) => ({ value: s, content: SOURCE_WORDS[s] }))]}
        />
        <Input label="From (UTC)" type="date" value={draft.from} onChange={(e) => set("from")(e.target.value)} />
        <FormGroup>
          <Input label="To (UTC)" type="date" value={draft.to} error={datesError(draft.from, draft.to)} onChange={(e) => set("to")(e.target.value)} />
        </FormGroup>
        <FilterButtons>
          <Button type="submit" disabled={!!invalid}>
            Apply
          </Button>
          {hasActivityFilters(value) && (
            <Button type="button" variant="subtle" onClick={() => onChange(withoutActivityFilters(value))}>
              Clear filters
            </Button>
          )}
        </FilterButtons>
      </FilterRow>
    </Form>
  );
}
