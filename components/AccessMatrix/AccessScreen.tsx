"use client";

import { Button, Checkbox, Flex, Message, ProgressCircle, Small, Text } from "@bigcommerce/big-design";
import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { useSWRConfig } from "swr";
import { formatCount } from "@/components/BulkChange/describe";
import type { ConfirmedChange } from "@/components/ConfirmAccessChange/ConfirmAccessChange";
import { CustomerFilters, CustomerPagination } from "@/components/CustomerFilters/CustomerFilters";
import { useCustomerListUrlState } from "@/components/CustomerFilters/url-state";
import { MatrixCsvActions } from "@/components/CsvExport/MatrixCsvActions";
import { errorText, FailedRead, ReopenApp } from "@/components/ReopenApp/ReopenApp";
import type { ChannelView, CustomerView } from "@/lib/contract/access";
import { customerName, hasCustomerFilters, isSessionError, saveAccess, useCustomers, withoutCustomerFilters, type AccessChangeSource, type CustomerListQuery, type SessionError } from "@/lib/client";
import { useHydrated } from "@/lib/client/after-paint";
import { restoredJob, useBulkJobs } from "@/lib/client/bulk";
import { useIndexStatus, type IndexStatusState } from "@/lib/client/index-status";
import { accessParamLabel } from "@/components/CustomerFilters/access-options";
import { AccessMatrix, NO_SELECTION, type RowSelection } from "./AccessMatrix";
import { MatrixSkeleton } from "./Skeleton";
import { otherChannelsSentence } from "./storefront";
import { FreshnessSlot, MatrixToolbar, Screen, ToolbarGroup, ToolbarNote, VisuallyHidden } from "./styles";
import { Legend } from "./Verdict";

// Dialogs and the bulk form load when first needed, so the first screen's JavaScript is the matrix's alone.
const ConfirmAccessChange = lazy(() => import("@/components/ConfirmAccessChange/ConfirmAccessChange").then((m) => ({ default: m.ConfirmAccessChange })));
const StorefrontLogin = lazy(() => import("@/components/StorefrontLogin/StorefrontLogin").then((m) => ({ default: m.StorefrontLogin })));
const CustomerAccessEditor = lazy(() => import("@/components/CustomerAccessEditor/CustomerAccessEditor").then((m) => ({ default: m.CustomerAccessEditor })));
const BulkChange = lazy(() => {
  // A job started from the form shows its progress next: fetch that panel's code alongside.
  void import("@/components/BulkProgress/BulkProgress");
  return import("@/components/BulkChange/BulkChange").then((m) => ({ default: m.BulkChange }));
});
// The progress panel loads once there is a job to show (one just started, or the store's running or recent one).
const BulkProgress = lazy(() => import("@/components/BulkProgress/BulkProgress").then((m) => ({ default: m.BulkProgress })));
// The freshness line loads once the page is live: it shows what the page polls (GET /api/index), never the first HTML.
const IndexStatus = lazy(() => import("@/components/IndexStatus/IndexStatus"));

/** The index's freshness line, once the page is live. */
function Freshness({ state }: { state: IndexStatusState }) {
  const hydrated = useHydrated();
  return <FreshnessSlot>{hydrated && <Suspense fallback={null}><IndexStatus state={state} /></Suspense>}</FreshnessSlot>;
}

const NO_CHANNELS: readonly ChannelView[] = [];

type Dialog =
  | { kind: "cell"; customer: CustomerView; channel: ChannelView }
  | { kind: "editor"; customer: CustomerView }
  | { kind: "storefront_login"; customer: CustomerView; channelId?: number }
  | null;

const selectedCount = (selection: RowSelection, total: number) => (selection.kind === "all_matching" ? total : selection.ids.length);

/**
 * The access screen: find customers, read the matrix, change one customer's access (cell or editor) with a
 * confirmation and an optimistic row, and switch a channel's global logins. Must sit inside <Suspense> (URL state).
 */
export function AccessScreen() {
  const [query, setQuery] = useCustomerListUrlState();
  const { data, error, isLoading, isValidating, mutate: revalidate, key } = useCustomers(query);
  // Polled while the page is visible; when the index changes (an edit elsewhere), the list is read again.
  const indexState = useIndexStatus();
  const indexCounts = indexState.index?.counts;
  const { mutate } = useSWRConfig();
  const [selection, setSelection] = useState<RowSelection>(NO_SELECTION);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<ReadonlySet<number>>(() => new Set());
  const [saveError, setSaveError] = useState<{ who: string; message: string } | null>(null);
  const [lostSession, setLostSession] = useState<SessionError | null>(null);
  const [bulkJobId, setBulkJobId] = useState<number | null>(null);
  const [showClosed, setShowClosed] = useState(false);
  const { jobs } = useBulkJobs();
  // Once shown, the panel stays mounted (it remembers which finished jobs the merchant dismissed).
  const [bulkShown, setBulkShown] = useState(false);
  if (!bulkShown && (bulkJobId !== null || restoredJob(jobs))) setBulkShown(true);
  const allChannels = data?.channels;
  const closedCount = allChannels?.filter((c) => c.storefrontStatus === "closed").length ?? 0;
  // Closed storefronts refuse every login: their columns only on request.
  const columns = useMemo(() => allChannels?.filter((c) => showClosed || c.storefrontStatus !== "closed") ?? [], [allChannels, showClosed]);

  const onCellActivate = useCallback((customer: CustomerView, channel: ChannelView) => setDialog({ kind: "cell", customer, channel }), []);
  const onEditCustomer = useCallback((customer: CustomerView) => setDialog({ kind: "editor", customer }), []);
  const closeDialog = useCallback(() => setDialog(null), []);
  // From the cell's dialog (its storefront) or the row's editor (a storefront to pick): one dialog replaces the other.
  const onStorefrontLogin = (customer: CustomerView, channelId?: number) => setDialog({ kind: "storefront_login", customer, channelId });

  const onConfirm = useCallback(
    async (change: ConfirmedChange, source: AccessChangeSource) => {
      setDialog(null);
      setSaveError(null);
      const id = change.customer.id;
      setBusy((ids) => new Set(ids).add(id));
      try {
        await saveAccess(mutate, { listKey: key, customer: change.customer, intent: change.intent, expectedChannelIds: change.expectedChannelIds, next: change.next, source });
      } catch (failure) {
        if (isSessionError(failure)) {
          setLostSession(failure);
          return;
        }
        const who = customerName(change.customer) || `Customer ${id}`;
        setSaveError({ who, message: errorText(failure) });
        // The row is back to what it showed; fetch what the store holds now (e.g. after a 409 conflict).
        void mutate(key);
      } finally {
        setBusy((ids) => {
          const next = new Set(ids);
          next.delete(id);
          return next;
        });
      }
    },
    [key, mutate],
  );

  if (lostSession || isSessionError(error)) return <ReopenApp detail={(lostSession ?? error)?.message} />;

  const clearFilters = () => setQuery(withoutCustomerFilters(query));
  const total = data?.pagination.total ?? 0;
  const otherLine = data ? otherChannelsSentence(data.otherChannels) : null;
  const count = selectedCount(selection, total);

  return (
    <Screen>
      <CustomerFilters value={query} onChange={setQuery} channels={data?.channels ?? NO_CHANNELS} index={indexState.index} indexFailed={!!indexState.error} />
      {bulkShown && (
        <Suspense fallback={null}>
          <BulkProgress jobId={bulkJobId} onJobChange={setBulkJobId} channels={data?.channels} />
        </Suspense>
      )}
      {error && !data && query.access ? (
        // Only the index answers an access filter: without it (409) the way on is the list without the filter.
        <FailedRead header="This access filter cannot be answered yet" message={error.message} retry="Clear the access filter" onRetry={() => setQuery({ ...query, page: 1, access: undefined })} testId="list-error" />
      ) : error && !data ? (
        <FailedRead header="The store could not be reached" message={error.message} retry="Retry" onRetry={() => void revalidate()} testId="list-error" />
      ) : !data ? (
        <MatrixSkeleton />
      ) : data.customers.length === 0 ? (
        <>
          <Freshness state={indexState} />
          <EmptyState
            filtered={hasCustomerFilters(query)}
            beyondLastPage={data.pagination.total > 0}
            onClear={clearFilters}
            onFirstPage={() => setQuery({ ...query, page: 1 })}
            query={query}
            accessLabel={accessParamLabel(query.access, data.channels)}
          />
        </>
      ) : (
        <>
          {error && (
            <Message
              type="warning"
              marginBottom="medium"
              messages={[{ text: `This list may be out of date: ${error.message}` }]}
              actions={[{ text: "Retry", onClick: () => void revalidate() }]}
            />
          )}
          {saveError && (
            <Message
              type="error"
              header={`${saveError.who}'s access was not changed`}
              messages={[{ text: saveError.message }]}
              onClose={() => setSaveError(null)}
              role="alert"
              marginBottom="medium"
              data-testid="save-error"
            />
          )}
          <MatrixToolbar data-testid="matrix-toolbar">
            <VisuallyHidden as="h2">Who can log in where</VisuallyHidden>
            <Legend />
            <ToolbarGroup>
              {(isLoading || isValidating) && (
                <Flex alignItems="center" flexGap="0.25rem" role="status">
                  <ProgressCircle size="xxSmall" />
                  <Small marginBottom="none">Updating…</Small>
                </Flex>
              )}
              {closedCount > 0 && (
                <Checkbox label={`Show closed storefronts (${closedCount})`} checked={showClosed} onChange={(event) => setShowClosed(event.target.checked)} data-testid="show-closed" />
              )}
            </ToolbarGroup>
            <ToolbarNote>
              {otherLine && <span data-testid="other-channels">{otherLine}</span>}
              {showClosed && closedCount > 0 && <span data-testid="closed-note">Closed storefronts are dimmed: BigCommerce refuses logins there until the storefront is active.</span>}
              <Freshness state={indexState} />
            </ToolbarNote>
          </MatrixToolbar>
          {count > 0 && (
            <Flex alignItems="center" flexGap="1rem" marginBottom="small" data-testid="selection-bar" role="region" aria-label="Selected customers">
              <Text marginBottom="none">
                {selection.kind === "all_matching" ? `All ${formatCount(total)} matching customers selected` : `${count} ${count === 1 ? "customer" : "customers"} selected`}
              </Text>
              <Suspense fallback={<ProgressCircle size="xSmall" />}>
                <BulkChange
                  selection={selection}
                  query={query}
                  total={total}
                  channels={data.channels}
                  onSelectAllMatching={() => setSelection({ kind: "all_matching" })}
                  onStarted={(job) => (setBulkJobId(job.id), setSelection(NO_SELECTION))}
                />
              </Suspense>
              <Button variant="subtle" onClick={() => setSelection(NO_SELECTION)}>
                Clear selection
              </Button>
            </Flex>
          )}
          <AccessMatrix
            channels={columns}
            customers={data.customers}
            otherChannels={data.otherChannels}
            selection={selection}
            onSelectionChange={setSelection}
            onCellActivate={onCellActivate}
            onEditCustomer={onEditCustomer}
            busyCustomerIds={busy}
            loginCounts={indexCounts?.channels}
            loginCountsExact={indexState.index?.status === "ready"}
          />
          {/* The CSV actions share the pagination's row: above the matrix they would cost it a row of customers. */}
          <Flex marginTop="xSmall" alignItems="center" justifyContent="space-between" flexWrap="wrap" flexGap="0.5rem">
            <CustomerPagination query={query} total={data.pagination.total} onChange={setQuery} />
            <MatrixCsvActions query={query} />
          </Flex>
        </>
      )}
      <Suspense fallback={null}>
        {dialog?.kind === "cell" && data && (
          <ConfirmAccessChange
            customer={dialog.customer}
            channels={data.channels}
            intent={{ kind: "toggle", channelId: dialog.channel.id }}
            onCancel={closeDialog}
            onConfirm={(change) => void onConfirm(change, "cell")}
            onStorefrontLogin={() => onStorefrontLogin(dialog.customer, dialog.channel.id)}
          />
        )}
        {dialog?.kind === "storefront_login" && data && (
          <StorefrontLogin customer={dialog.customer} channels={data.channels} channelId={dialog.channelId} onClose={closeDialog} />
        )}
        {dialog?.kind === "editor" && data && (
          <CustomerAccessEditor
            customer={dialog.customer}
            channels={data.channels}
            otherChannels={data.otherChannels}
            onCancel={closeDialog}
            onConfirm={(change) => void onConfirm(change, "editor")}
            onStorefrontLogin={() => onStorefrontLogin(dialog.customer)}
          />
        )}
      </Suspense>
    </Screen>
  );
}

function EmptyState({
  filtered,
  beyondLastPage,
  query,
  accessLabel,
  onClear,
  onFirstPage,
}: {
  filtered: boolean;
  beyondLastPage: boolean;
  query: Partial<CustomerListQuery>;
  /** The access filter in words ("Cannot log in to Acme Wholesale"). */
  accessLabel?: string;
  onClear(): void;
  onFirstPage(): void;
}) {
  if (beyondLastPage) {
    return (
      <Message type="info" header="No customers on this page" messages={[{ text: "This page is past the end of the list." }]} actions={[{ text: "Go to the first page", onClick: onFirstPage }]} data-testid="empty-state" />
    );
  }
  if (filtered) {
    const terms = [
      query.name && `name "${query.name}"`,
      query.email && `email ${query.email}`,
      query.customerGroupId !== undefined && `customer group ${query.customerGroupId}`,
      accessLabel && `"${accessLabel}"`,
    ]
      .filter(Boolean)
      .join(", ");
    return (
      <Message
        type="info"
        header={`No customers match ${terms}`}
        messages={[{ text: "Try another name or email, or clear the filters to see every customer." }]}
        actions={[{ text: "Clear filters", onClick: onClear }]}
        data-testid="empty-state"
      />
    );
  }
  return (
    <Message
      type="info"
      header="This store has no customers yet"
      messages={[{ text: "Customers appear here once they create an account on one of your channels, or once you add them in the control panel." }]}
      data-testid="empty-state"
    />
  );
}
