// The import's customer lookup answered by the access index of one store: a batch of ids or emails is one query.
import "server-only";
import { readCustomersByEmails, readCustomersByIds, type IndexedCustomerRow } from "@/lib/access-index/repository";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CustomerLookup } from "./import";

/** The lookup with the index's whole rows (names and emails for the preview). */
export interface IndexLookup extends CustomerLookup {
  byIds(ids: readonly number[]): Promise<ReadonlyMap<number, IndexedCustomerRow>>;
  byEmails(emails: readonly string[]): Promise<ReadonlyMap<string, readonly IndexedCustomerRow[]>>;
}

/** Customers by id and by email (every match of each email, lower-cased) from the store's index rows. */
export function indexLookup(db: PrismaClient, storeId: number): IndexLookup {
  return {
    async byIds(ids) {
      return new Map((await readCustomersByIds(db, storeId, ids)).map((row) => [row.customerId, row]));
    },
    async byEmails(emails) {
      const found = new Map<string, IndexedCustomerRow[]>();
      for (const row of await readCustomersByEmails(db, storeId, emails)) {
        const key = row.email.toLowerCase();
        found.set(key, [...(found.get(key) ?? []), row]);
      }
      return found;
    },
  };
}
