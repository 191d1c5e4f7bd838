"use client";

import { Box, H3, Message, Small, Text } from "@bigcommerce/big-design";
import type { ChannelView } from "@/lib/contract/access";
import type { BulkJobBody, BulkPreviewResponse } from "@/lib/contract/bulk";
import { channelList, customersText, describeBulkIntent, describeSelection, formatCount, formatDuration } from "./describe";
import { CountTable } from "./CountTable";

/** What a bulk job would do, before anything is written: counts, who gains or loses login where, how long it takes. */
export function PreviewView({ preview, body, channels }: { preview: BulkPreviewResponse; body: BulkJobBody; channels: readonly ChannelView[] }) {
  const { estimate } = preview;
  const quota =
    estimate.quota !== null && estimate.windowMs !== null
      ? `the store's quota of ${formatCount(estimate.quota)} requests per ${formatDuration(estimate.windowMs / 1000)}, keeping ${Math.round(estimate.reserveShare * 100)}% free for the store's other apps`
      : "the store's measured response time";
  const deltas = preview.channelDeltas.filter((d) => d.gaining > 0 || d.losing > 0);
  return (
    <Box data-testid="bulk-preview">
      <Text bold>
        {describeBulkIntent(body.intent, channels)}: {describeSelection(body.selection, preview.total, channels)}.
      </Text>
      {preview.basis === "sample" ? (
        <Message
          type="warning"
          marginBottom="medium"
          messages={[{ text: `Estimated from ${formatCount(preview.sampleSize)} of ${customersText(preview.total)}: the counts are approximate.` }]}
        />
      ) : (
        <Small data-testid="preview-basis">Exact: every selected customer was counted.</Small>
      )}
      <CountTable
        rows={[
          { label: "Will change", testId: "preview-will-change", count: preview.willChange },
          { label: "Already as asked", testId: "preview-unchanged", count: preview.unchanged },
          { label: "Refused (would be left with no channel)", testId: "preview-refused", count: preview.refused },
          ...(preview.notFound > 0 ? [{ label: "No longer in the store", testId: "preview-not-found", count: preview.notFound }] : []),
        ]}
      />
      {deltas.length > 0 && (
        <Box marginTop="medium" data-testid="preview-deltas">
          <H3 marginBottom="xSmall">Who can log in where</H3>
          {deltas.map((d) => (
            <Small key={d.channelId} marginBottom="xxSmall">
              {channelList(channels, [d.channelId])}: {customersText(d.gaining)} gain login, {customersText(d.losing)} lose login
            </Small>
          ))}
        </Box>
      )}
      <Text marginTop="medium" data-testid="preview-estimate">
        About {formatDuration(estimate.seconds)} ({formatCount(estimate.apiCalls)} API calls at {quota}).
      </Text>
      {preview.basis === "full" && preview.willChange === 0 && <Message type="info" messages={[{ text: "Nothing to change: every selected customer already has this access." }]} />}
    </Box>
  );
}
