// Changes made outside the app, seen when the index takes in what BigCommerce says now (webhooks, sweeps, a resync):
// an index row whose value differs from BigCommerce's is one `outside` entry, before from the index, after from
// BigCommerce. Detected in the statement that writes the index, on the old row read FOR UPDATE, so duplicated or
// concurrent deliveries log once: the second waits for the first and then finds the row already at the new value.
//
// The app's own writes come back the same way (their webhook, or a sweep reading them) and are not outside changes.
// The guard: a write of the app recently recorded with that after value, before it was sent (a single change's
// pending entry, a bulk job's pending result), so it holds even when the webhook is processed before the app's own
// index write (noteWrittenCustomers) lands.
import "server-only";
import type { ChannelSnapshot } from "@/lib/access-index/filters";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { encodeGlobalLogins, globalLoginsOf } from "./record";

/** How long after the app recorded a write its echo (webhook, sweep) is still taken for the app's own. */
export const OWN_WRITE_WINDOW_MINUTES = 15;
const WINDOW = Prisma.sql`(${OWN_WRITE_WINDOW_MINUTES}::int * interval '1 minute')`;

/**
 * True unless the app itself wrote `after` to the customer lately: a single change (or undo) pending or changed with
 * that after value in the window, or a bulk job of the store, active or finished in the window, whose result for the
 * customer is pending or changed with it (a primary-key probe per job: a store has few such jobs).
 */
export function notOwnCustomerWrite(storeId: number, customerId: Prisma.Sql, after: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (
      SELECT 1 FROM access_activity a
      WHERE a.store_id = ${storeId}::int AND a.customer_id = ${customerId} AND a.source <> 'outside'
        AND a.outcome IN ('pending', 'changed') AND a."after" = ${after} AND a.at > now() - ${WINDOW})
    AND NOT EXISTS (
      SELECT 1 FROM bulk_job_results r
      WHERE r.job_id = ANY (ARRAY(
          SELECT j.id FROM bulk_jobs j
          WHERE j.store_id = ${storeId}::int
            AND (j.status IN ('queued', 'running', 'cancelling') OR j.finished_at > (now() AT TIME ZONE 'UTC') - ${WINDOW})))
        AND r.customer_id = ${customerId} AND r.outcome IN ('pending', 'changed') AND r."after" = ${after})`;
}

/**
 * The storefronts of a fresh channel read whose allow_global_logins differs from the index's snapshot: each is
 * updated in the snapshot and logged as an outside switch, in one statement (the snapshot rows locked first, so two
 * readers log a change once), unless the app's own switch to that value was recorded in the window. A store never
 * snapshotted logs nothing. Returns how many were logged.
 */
export async function logOutsideSwitches(db: PrismaClient, storeId: number, channels: readonly ChannelSnapshot[]): Promise<number> {
  const read = channels
    .filter((c) => c.type === "storefront" && c.allowGlobalLogins !== null)
    .map((c) => ({ channel_id: c.channelId, allow: c.allowGlobalLogins, inherited: c.inherited, setting: encodeGlobalLogins(globalLoginsOf({ allowGlobalLogins: c.allowGlobalLogins!, inherited: c.inherited })) }));
  if (read.length === 0) return 0;
  // The snapshot's setting as encodeGlobalLogins writes it.
  return db.$executeRaw`
    WITH n AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(read)}::jsonb) AS n(channel_id int, allow boolean, inherited boolean, setting text)),
    o AS (
      SELECT c.channel_id, CASE WHEN c.inherited THEN 'inherited' WHEN c.allow_global_logins THEN 'true' ELSE 'false' END AS setting
      FROM access_index_channels c JOIN n ON n.channel_id = c.channel_id
      WHERE c.store_id = ${storeId}::int AND c.type = 'storefront' AND c.allow_global_logins IS NOT NULL
      FOR UPDATE OF c),
    moved AS (
      UPDATE access_index_channels c SET allow_global_logins = n.allow, inherited = n.inherited
      FROM o JOIN n ON n.channel_id = o.channel_id
      WHERE c.store_id = ${storeId}::int AND c.channel_id = o.channel_id AND o.setting <> n.setting
      RETURNING c.channel_id, o.setting AS "before", n.setting AS "after")
    INSERT INTO access_activity (store_id, source, channel_id, "before", "after", outcome)
    SELECT ${storeId}::int, 'outside', m.channel_id, m."before", m."after", 'changed' FROM moved m
    WHERE NOT EXISTS (
      SELECT 1 FROM access_activity a
      WHERE a.store_id = ${storeId}::int AND a.at > now() - ${WINDOW} AND a.channel_id = m.channel_id AND a.customer_id IS NULL
        AND a.source <> 'outside' AND a.outcome IN ('pending', 'changed') AND a."after" = m."after")`;
}
