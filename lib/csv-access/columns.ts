// The columns of the access CSV and a customer's record in it, shared by the export that writes them and the import
// that reads them back. Pure.
import { loginVerdict, type ChannelAccessSetting, type CustomerAccess } from "@/lib/access";

/** The customer's own columns, in the file's order; one column per storefront follows them. */
export const CUSTOMER_COLUMNS = ["customer_id", "email", "first_name", "last_name", "origin_channel_id", "access", "channel_ids"] as const;
export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

/** What a storefront's cell says: in the customer's list, reached through global logins, or no login there. */
export const CHANNEL_CELLS = ["list", "global", "no"] as const;
export type ChannelCell = (typeof CHANNEL_CELLS)[number];

/** Separates channel ids inside the channel_ids cell ("1;3"), whatever delimits the file's fields. */
export const ID_SEPARATOR = ";";

export interface ChannelColumn {
  name: string;
  channelId: number;
}

/**
 * One column per storefront, named after it. A name two storefronts share, or one a customer column already has, is
 * told apart by its id ("Main (#4)"), so every column reads back to exactly one channel.
 */
export function channelColumns(storefronts: readonly ChannelAccessSetting[]): ChannelColumn[] {
  const key = (name: string) => name.trim().toLowerCase();
  const uses = new Map<string, number>();
  for (const c of storefronts) uses.set(key(c.name ?? ""), (uses.get(key(c.name ?? "")) ?? 0) + 1);
  const taken = new Set<string>(CUSTOMER_COLUMNS);
  return storefronts.map((channel) => {
    const name = channel.name?.trim() ?? "";
    const unique = name !== "" && uses.get(key(name)) === 1 && !taken.has(key(name));
    return { name: unique ? name : `${name || "Channel"} (#${channel.channelId})`, channelId: channel.channelId };
  });
}

/** The fields of an indexed customer the file has. */
export interface ExportedCustomer extends CustomerAccess {
  email: string;
  firstName: string;
  lastName: string;
  originChannelId: number;
}

/** The header line: the customer's columns, then one per storefront. */
export const exportHeader = (storefronts: readonly ChannelAccessSetting[]): string[] => [...CUSTOMER_COLUMNS, ...channelColumns(storefronts).map((c) => c.name)];

/** A storefront's cell: `list` when the customer's list names it, `global` when global logins let them in, else `no`. */
export function channelCell(customer: Pick<ExportedCustomer, "customerId" | "channelIds">, channel: ChannelAccessSetting): ChannelCell {
  const verdict = loginVerdict(customer, channel);
  return verdict.allowed ? (verdict.reason === "global" ? "global" : "list") : "no";
}

/** One customer as the record exportHeader describes. */
export function exportRecord(customer: ExportedCustomer, storefronts: readonly ChannelAccessSetting[]): (string | number)[] {
  const { channelIds } = customer;
  return [
    customer.customerId,
    customer.email,
    customer.firstName,
    customer.lastName,
    customer.originChannelId,
    channelIds === null ? "global" : "specific",
    channelIds === null ? "" : [...channelIds].sort((a, b) => a - b).join(ID_SEPARATOR),
    ...storefronts.map((channel) => channelCell(customer, channel)),
  ];
}
