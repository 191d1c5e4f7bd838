// The bulk engine's writes into the index as they land: the customers each PUT returns are queued and written in
// group commits (one statement of up to 250 while the previous one runs), so the engine never waits on the index.
import "server-only";
import type { BigCommerceClient, Customer } from "@/lib/bigcommerce";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { noteWrittenCustomers } from "./reconcile";
import { MAX_UPSERT } from "./repository";

/** The client, with every customer its updateCustomers wrote also written to the store's index. */
export function indexWrites<C extends Pick<BigCommerceClient, "updateCustomers">>(client: C, db: PrismaClient, storeId: number): C {
  const pending: Customer[] = [];
  let flushing = false;
  const flush = () => {
    if (flushing || pending.length === 0) return;
    flushing = true;
    void noteWrittenCustomers(db, storeId, pending.splice(0, MAX_UPSERT)).finally(() => {
      flushing = false;
      flush();
    });
  };
  const updateCustomers: BigCommerceClient["updateCustomers"] = async (items, options) => {
    const results = await client.updateCustomers(items, options);
    for (const result of results) if (result.ok) pending.push(...result.customers);
    flush();
    return results;
  };
  return { ...client, updateCustomers };
}
