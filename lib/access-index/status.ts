// GET /api/index read from the database: the index's state (sync-status.ts), its webhooks' health, its counts and
// its version. A handful of small reads (one state row, the per-list counts, the channel snapshot, one registration
// row), so the page may poll it every INDEX_POLL_MS at any store size.
import "server-only";
import type { IndexStatusResponse } from "@/lib/contract/access-index";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { readWebhookHealth } from "@/lib/webhooks/repository";
import { indexCounts, type ChannelSnapshot } from "./filters";
import { readChannels, readIndexState, readIndexVersion, readListCounts } from "./repository";
import { freshnessOf, indexStatusOf, indexVersionOf, webhooksHealthy } from "./sync-status";

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * The store's index as GET /api/index answers it. `channels`: the channels the counts are decided on (default: the
 * index's snapshot; the screens pass the ones their pages show, so headers and rows agree).
 */
export async function readIndexStatus(db: PrismaClient, storeId: number, options: { channels?: readonly ChannelSnapshot[]; now?: Date } = {}): Promise<IndexStatusResponse> {
  const now = options.now ?? new Date();
  const [state, health, lists, snapshot, contentVersion] = await Promise.all([
    readIndexState(db, storeId),
    readWebhookHealth(db, storeId),
    readListCounts(db, storeId),
    options.channels ?? readChannels(db, storeId),
    readIndexVersion(db, storeId),
  ]);
  const status = indexStatusOf(state, now);
  const healthy = webhooksHealthy(health, now);
  return {
    ...status,
    freshness: freshnessOf(status.status, healthy),
    webhooks: { healthy, lastDeliveryAt: iso(health?.lastDeliveryAt), lastError: health?.lastError ?? null },
    counts: indexCounts(snapshot, lists),
    version: indexVersionOf(contentVersion, status.status),
  };
}
