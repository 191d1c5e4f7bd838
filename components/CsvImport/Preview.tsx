"use client";

import { Badge, H3, Message, Small, Table, Text } from "@bigcommerce/big-design";
import { channelChanges, VerdictChanges } from "@/components/ActivityLog/Changes";
import { channelList, customersText } from "@/components/BulkChange/describe";
import { CountTable } from "@/components/BulkChange/CountTable";
import { CsvExport } from "@/components/CsvExport/CsvExport";
import type { ChannelView } from "@/lib/contract/access";
import type { ImportChangeView, ImportChannelImpactView, ImportView, RefusalReason, RefusedRowView } from "@/lib/contract/csv-import";
import { formatCount } from "@/lib/contract/shared";
import { downloadImportCsv } from "@/lib/client/csv-import";
import { Numeric, Section, Who } from "./styles";

/** Why a row was refused, in a word; the row's own message says what to do. */
export const REFUSAL_WORDS: Record<RefusalReason, string> = {
  unknown_customer: "Unknown customer",
  ambiguous_email: "Ambiguous email",
  empty_list: "Empty list",
  unknown_channel: "Unknown channel",
  not_storefront: "Not a storefront",
  malformed_value: "Malformed value",
  duplicate_row: "Duplicate row",
};

const listWords = (ids: number[] | null, channels: readonly ChannelView[]) => (ids === null ? "global" : channelList(channels, ids));

function ChangeCell({ change, channels }: { change: ImportChangeView; channels: readonly ChannelView[] }) {
  const marks = channelChanges({ customerId: change.customerId, before: change.before, after: change.after, channelId: null }, channels);
  return (
    <>
      {marks.length > 0 && <VerdictChanges changes={marks} />}
      <Small marginBottom="none">
        {listWords(change.before, channels)} → {listWords(change.after, channels)}
      </Small>
    </>
  );
}

/** A table of the file's rows: keyed and numbered by row (the spreadsheet's, the header being row 1). */
const byRow = <T extends { row: number }>(itemName: string, items: T[]) => ({ keyField: "row" as const, itemName, items, stickyHeader: true });
const rowColumn = { hash: "row", header: "Row", render: (r: { row: number }) => <Numeric>{r.row}</Numeric>, width: "4rem" };

function ChangesTable({ view, channels }: { view: ImportView; channels: readonly ChannelView[] }) {
  const { changes, counts } = view.summary;
  return (
    <Section data-testid="import-changes">
      <H3 marginBottom="none">{changes.length < counts.willChange ? `The first ${formatCount(changes.length)} of ${customersText(counts.willChange)} changing` : "What changes"}</H3>
      <Table<ImportChangeView>
        {...byRow("Changes", changes)}
        columns={[
          rowColumn,
          {
            hash: "customer",
            header: "Customer",
            render: (c) => (
              <Who>
                <span>{c.name || `Customer ${c.customerId}`}</span>
                <small>
                  {c.email} · customer {c.customerId}
                </small>
              </Who>
            ),
          },
          { hash: "change", header: "Before → after", render: (c) => <ChangeCell change={c} channels={channels} /> },
        ]}
      />
    </Section>
  );
}

function RefusalsTable({ view }: { view: ImportView }) {
  const { refused, counts } = view.summary;
  return (
    <Section data-testid="import-refusals">
      <H3 marginBottom="none">{refused.length < counts.refused ? `The first ${formatCount(refused.length)} of ${formatCount(counts.refused)} refused rows` : "Refused rows"}</H3>
      <Text marginBottom="none">These rows change nothing. Fix them in the file and import it again, or run the import without them.</Text>
      <Table<RefusedRowView>
        {...byRow("Refused rows", refused)}
        columns={[
          rowColumn,
          { hash: "customer", header: "Customer", render: (r) => (r.customerId === null ? "—" : `Customer ${r.customerId}`) },
          { hash: "reason", header: "Reason", render: (r) => <Badge label={REFUSAL_WORDS[r.reason]} variant="danger" /> },
          { hash: "message", header: "What to do", render: (r) => r.message },
          { hash: "candidates", header: "Candidates", render: (r) => (r.candidates?.length ? r.candidates.map((id) => `Customer ${id}`).join(", ") : "") },
        ]}
      />
      <CsvExport label="Download refusals (CSV)" download={(options) => downloadImportCsv(view.id, "refusals", options)} data-testid="import-refusals-download" />
    </Section>
  );
}

function StorefrontsTable({ impact }: { impact: ImportChannelImpactView[] }) {
  return (
    <Section data-testid="import-storefronts">
      <H3 marginBottom="none">Who can log in where</H3>
      <Table<ImportChannelImpactView>
        keyField="channelId"
        itemName="Storefronts"
        items={impact}
        columns={[
          { hash: "name", header: "Storefront", render: (c) => c.name || `Channel ${c.channelId}` },
          { hash: "gaining", header: "Gain login", align: "right", render: (c) => <Numeric>{formatCount(c.gaining)}</Numeric> },
          { hash: "losing", header: "Lose login", align: "right", render: (c) => <Numeric>{formatCount(c.losing)}</Numeric> },
        ]}
      />
    </Section>
  );
}

/** The counts, as the bulk change's preview shows them. */
export function ImportCounts({ view }: { view: ImportView }) {
  const { counts } = view.summary;
  return (
    <CountTable
      data-testid="import-counts"
      rows={[
        { label: "Rows read", testId: "import-rows", count: counts.rows },
        { label: "Will change", testId: "import-will-change", count: counts.willChange },
        { label: "Already as the file says", testId: "import-unchanged", count: counts.unchanged },
        { label: "Refused", testId: "import-refused", count: counts.refused },
      ]}
    />
  );
}

/** What the dry run found that needs words: columns the import does not use, or nothing to change. */
export function ImportFindings({ view }: { view: ImportView }) {
  const { counts, columns } = view.summary;
  const unknown = columns.unknown;
  return (
    <>
      {unknown.length > 0 && (
        <Message
          type="warning"
          header={unknown.length === 1 ? "1 column was not used" : `${unknown.length} columns were not used`}
          messages={[{ text: `${unknown.join(", ")}: the import does not know ${unknown.length === 1 ? "this column" : "these columns"} and leaves ${unknown.length === 1 ? "it" : "them"} alone. Storefront columns are named as the export names them.` }]}
          data-testid="import-unknown-columns"
        />
      )}
      {counts.willChange === 0 && counts.refused === 0 && (
        <Message type="success" header="No changes" messages={[{ text: `Every customer in ${view.fileName} already has the access the file says.` }]} data-testid="import-no-changes" />
      )}
      {counts.willChange === 0 && counts.refused > 0 && (
        <Message type="warning" header="No changes" messages={[{ text: "No row of the file would change anyone's access: every row is either already as it says or refused." }]} data-testid="import-no-changes" />
      )}
    </>
  );
}

/**
 * Step 2's details: who gains or loses login where, the first changes in the matrix's marks and the refused rows
 * with their reasons.
 */
export function ImportDetails({ view, channels }: { view: ImportView; channels: readonly ChannelView[] }) {
  const { summary } = view;
  return (
    <>
      {summary.channels.some((c) => c.gaining > 0 || c.losing > 0) && <StorefrontsTable impact={summary.channels} />}
      {summary.changes.length > 0 && <ChangesTable view={view} channels={channels} />}
      {summary.counts.refused > 0 && <RefusalsTable view={view} />}
    </>
  );
}
