// For the CSV import's tests on a generated store: the store's channels as the sandbox answers them, a CSV written the
// way a spreadsheet saves one, and an edit plan over an exported file. The plan edits chosen rows (grants and revokes
// in the storefront cells, channel_ids set exactly or to "global", and rows refused for each reason) and says, from
// the store's own data and the login rule (null: every storefront taking global logins; a list: exactly those), what
// each edited row must become: an oracle kept apart from lib/csv-access, which the tests check against it.
import { mulberry32 } from "@/sandbox/seed/prng";
import { api } from "@/sandbox/api/testing";
import type { Sandbox } from "@/sandbox/server";
import type { RefusalReason } from "@/lib/contract/csv-import";

export type List = number[] | null;

export interface StoreChannel {
  id: number;
  name: string;
  storefront: boolean;
  /** An active storefront (customers log in there). */
  live: boolean;
  /** Storefronts only: whether global customers may log in. */
  allowGlobalLogins: boolean;
}

/** Every channel of the store, from the sandbox's own API. */
export async function storeChannels(sb: Sandbox): Promise<StoreChannel[]> {
  const channels = await api(sb, "GET", "/channels?limit=250");
  return Promise.all(
    (channels.body.data as { id: number; name: string; type: string; status: string }[]).map(async (c) => {
      const storefront = c.type === "storefront";
      const settings = storefront ? (await api(sb, "GET", `/customers/settings/channels/${c.id}`)).body.data : { allow_global_logins: false };
      return { id: c.id, name: c.name, storefront, live: storefront && c.status === "active", allowGlobalLogins: settings.allow_global_logins === true };
    }),
  );
}

/** Customers' channel_ids, `id:in` pages of 250, as the sandbox answers now. */
export async function readLists(sb: Sandbox, ids: readonly number[]): Promise<Map<number, List>> {
  const lists = new Map<number, List>();
  for (let from = 0; from < ids.length; from += 250) {
    const page = ids.slice(from, from + 250);
    const path = `/customers?id:in=${page.join(",")}&limit=250`;
    // A kept-alive connection the sandbox closed as it was reused fails the fetch: a read, so try it once more.
    const res = await api(sb, "GET", path).catch((error: unknown) => (error instanceof TypeError ? api(sb, "GET", path) : Promise.reject(error)));
    if (res.status !== 200) throw new Error(`GET /customers?id:in=… → ${res.status}: ${JSON.stringify(res.body)}`);
    for (const c of res.body.data as { id: number; channel_ids: List }[]) lists.set(c.id, sorted(c.channel_ids));
  }
  return lists;
}

export const sorted = (list: List): List => (list === null ? null : [...list].sort((a, b) => a - b));

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
/** Records as a spreadsheet saves them: a BOM, every field quoted, CRLF. */
export const csvOf = (records: readonly (readonly string[])[]) => `\uFEFF${records.map((r) => r.map(quote).join(",")).join("\r\n")}\r\n`;

/** How many rows of each kind the plan edits. */
export const CHANGE_QUOTAS = { grantSpecific: 250, grantGlobal: 150, revoke: 200, grantAndRevoke: 50, set: 200, makeGlobal: 150 } as const;
export const REFUSAL_QUOTAS = { unknown_customer: 40, malformed_value: 60, empty_list: 40, unknown_channel: 40, not_storefront: 40, duplicate_row: 40 } as const;

export interface EditPlan {
  /** The file's data rows, edited, duplicates appended. */
  rows: string[][];
  /** Spreadsheet row number → the customer's list after the run. */
  changes: Map<number, { customerId: number; after: List }>;
  /**
   * Spreadsheet row number → why the row is refused, whose row it was as exported (`owner`), and the customer it names
   * as the import can tell (null: an unknown or unreadable id, or an email several customers have).
   */
  refusals: Map<number, { reason: RefusalReason; owner: number; customerId: number | null }>;
}

/** The customer columns' positions (lib/csv-access/columns.ts's order, as the header names them). */
const ID = 0;
const ACCESS = 5;
const CHANNEL_IDS = 6;

type Edit = (record: string[], before: List) => { after: List } | { reason: RefusalReason } | undefined;

/**
 * Edits the exported rows: `shared` are the customers who share an email (named by email alone, each row is
 * ambiguous). Every other edited row is chosen at random (seeded), each customer edited once.
 */
export function planEdits(header: readonly string[], exported: readonly string[][], before: ReadonlyMap<number, List>, channels: readonly StoreChannel[], shared: readonly number[]): EditPlan {
  const column = new Map(channels.filter((c) => c.storefront).map((c) => [c.id, header.indexOf(c.name)]));
  if ([...column.values()].some((i) => i < 0)) throw new Error(`a storefront has no column: ${header.join(",")}`);
  const storefronts = new Set(column.keys());
  const live = channels.filter((c) => c.live).map((c) => c.id);
  const liveNoGlobal = channels.filter((c) => c.live && !c.allowGlobalLogins).map((c) => c.id);
  const globalIds = channels.filter((c) => c.storefront && c.allowGlobalLogins).map((c) => c.id);
  const other = channels.find((c) => !c.storefront)!.id;
  const unknownChannel = Math.max(...channels.map((c) => c.id)) + 100;
  const random = mulberry32(13);
  const pickOf = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const onStorefronts = (list: List) => (list ?? []).filter((id) => storefronts.has(id));
  const setCell = (record: string[], channelId: number, value: string) => (record[column.get(channelId)!] = value);
  const union = (list: readonly number[], id: number) => [...new Set([...list, id])].sort((a, b) => a - b);
  const SETS = [[1], [2], [4], [10], [1, 4], [2, 10], [4, 8, 10], [1, 2, 8]].map((ids) => ids.filter((id) => live.includes(id))).filter((ids) => ids.length > 0);
  const variants = { set: 0, malformed: 0, empty: 0 };

  const changes: Record<keyof typeof CHANGE_QUOTAS, Edit> = {
    grantSpecific: (r, list) => {
      const grant = live.filter((id) => list !== null && !list.includes(id));
      if (list === null || grant.length === 0) return undefined;
      const id = pickOf(grant);
      setCell(r, id, "list");
      return { after: union(list, id) };
    },
    // A global customer granted a storefront that takes no global logins keeps every storefront they had.
    grantGlobal: (r, list) => {
      if (list !== null) return undefined;
      const id = pickOf(liveNoGlobal);
      setCell(r, id, "list");
      return { after: union(globalIds, id) };
    },
    revoke: (r, list) => {
      if (list === null || onStorefronts(list).length < 2) return undefined;
      const id = pickOf(onStorefronts(list));
      setCell(r, id, "no");
      return { after: list.filter((x) => x !== id) };
    },
    grantAndRevoke: (r, list) => {
      const grant = live.filter((id) => list !== null && !list.includes(id));
      if (list === null || onStorefronts(list).length === 0 || grant.length === 0) return undefined;
      const [add, remove] = [pickOf(grant), pickOf(onStorefronts(list))];
      setCell(r, add, "list");
      setCell(r, remove, "no");
      return { after: union(list, add).filter((x) => x !== remove) };
    },
    // The cells still describe the old list: a channel_ids that differs sets the list exactly.
    set: (r, list) => {
      const next = SETS[variants.set++ % SETS.length];
      if (list !== null && list.join(";") === next.join(";")) return undefined;
      r[ACCESS] = "specific";
      r[CHANNEL_IDS] = next.join(";");
      return { after: next };
    },
    makeGlobal: (r, list) => {
      if (list === null) return undefined;
      r[ACCESS] = "global";
      r[CHANNEL_IDS] = "global";
      return { after: null };
    },
  };

  /** Each malformed value, and whether the row still names its customer. */
  const MALFORMED: ((r: string[]) => boolean)[] = [
    (r) => (setCell(r, live[0], "yes"), true),
    (r) => ((r[ACCESS] = "specific"), (r[CHANNEL_IDS] = "1;x"), true),
    (r) => ((r[ACCESS] = "maybe"), true),
    (r) => ((r[ID] = `${r[ID]}ab`), false),
    // A field short of the header.
    (r) => (r.pop(), true),
  ];
  const unnamed = new Set<number>();
  const refusals: Record<Exclude<keyof typeof REFUSAL_QUOTAS, "duplicate_row">, Edit> = {
    unknown_customer: (r) => ((r[ID] = String(900_000 + Number(r[ID]))), { reason: "unknown_customer" }),
    malformed_value: (r) => {
      const id = Number(r[ID]);
      if (!MALFORMED[variants.malformed++ % MALFORMED.length](r)) unnamed.add(id);
      return { reason: "malformed_value" };
    },
    // Either an empty channel_ids for a specific customer, or a revoke of their only storefront.
    empty_list: (r, list) => {
      if (list === null) return undefined;
      if (variants.empty++ % 2 === 0) {
        r[ACCESS] = "specific";
        r[CHANNEL_IDS] = "";
      } else if (onStorefronts(list).length === 1) setCell(r, onStorefronts(list)[0], "no");
      else return undefined;
      return { reason: "empty_list" };
    },
    unknown_channel: (r) => ((r[ACCESS] = "specific"), (r[CHANNEL_IDS] = `1;${unknownChannel}`), { reason: "unknown_channel" }),
    not_storefront: (r, list) => {
      if (list?.includes(other)) return undefined;
      r[ACCESS] = "specific";
      r[CHANNEL_IDS] = `1;${other}`;
      return { reason: "not_storefront" };
    },
  };

  const rows = exported.map((r) => [...r]);
  const plan: EditPlan = { rows, changes: new Map(), refusals: new Map() };
  const taken = new Set<number>();
  rows.forEach((r, i) => {
    const owner = Number(r[ID]);
    if (!shared.includes(owner)) return;
    r[ID] = "";
    taken.add(i);
    plan.refusals.set(i + 2, { reason: "ambiguous_email", owner, customerId: null });
  });
  // A seeded shuffle: edits land all over the file.
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const apply = (quota: number, edit: Edit, record: (index: number, customerId: number, outcome: { after: List } | { reason: RefusalReason }) => void) => {
    for (let k = 0, done = 0; k < order.length && done < quota; k++) {
      const i = order[k];
      if (taken.has(i)) continue;
      const customerId = Number(rows[i][ID]);
      const outcome = edit(rows[i], before.get(customerId)!);
      if (!outcome) continue;
      taken.add(i);
      done++;
      record(i, customerId, outcome);
    }
  };
  for (const [kind, edit] of Object.entries(changes)) {
    apply(CHANGE_QUOTAS[kind as keyof typeof CHANGE_QUOTAS], edit, (i, customerId, o) => plan.changes.set(i + 2, { customerId, after: (o as { after: List }).after }));
  }
  for (const [reason, edit] of Object.entries(refusals)) {
    apply(REFUSAL_QUOTAS[reason as keyof typeof refusals], edit, (i, owner, o) => {
      const named = reason === "unknown_customer" || unnamed.has(owner) ? null : owner;
      plan.refusals.set(i + 2, { reason: (o as { reason: RefusalReason }).reason, owner, customerId: named });
    });
  }
  // A customer's second row is refused; the first (left as exported) imports as no change.
  const untouched = order.filter((i) => !taken.has(i)).slice(0, REFUSAL_QUOTAS.duplicate_row);
  for (const i of untouched) {
    rows.push([...rows[i]]);
    const owner = Number(rows[i][ID]);
    plan.refusals.set(rows.length + 1, { reason: "duplicate_row", owner, customerId: owner });
  }
  return plan;
}
