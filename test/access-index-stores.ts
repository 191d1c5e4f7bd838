// Random stores for the access index's tests and benchmark (seeded): channels of every type and status, customers
// global, with lists, with lists naming channels that are deleted or were never there.
import type { ChannelSnapshot, IndexedCustomer } from "@/lib/access-index";
import { mulberry32 as seededRandom, pick, type Random } from "@/sandbox/seed/prng";

export { seededRandom };

const TYPES = ["storefront", "storefront", "storefront", null, "marketplace", "marketing", "pos"] as const;
const STATUSES = ["active", "active", "prelaunch", "inactive", "archived", "deleted", "terminated", "connected", null] as const;
export const FIRST_NAMES = ["Ada", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jane"];
export const LAST_NAMES = ["Abbot", "Brown", "Clark", "Doe", "Evans", "Frost", "Gray", "Hill", "Ives", "Jones", "King", "Lee"];

export function randomChannels(random: Random, count: number): ChannelSnapshot[] {
  return Array.from({ length: count }, (_, i) => {
    const type = pick(random, TYPES);
    const storefront = (type ?? "storefront") === "storefront";
    return {
      channelId: i + 1,
      name: `Channel ${i + 1}`,
      type,
      platform: storefront ? "bigcommerce" : pick(random, ["amazon", "facebook", "square"]),
      status: pick(random, STATUSES),
      allowGlobalLogins: storefront ? random() < 0.5 : null,
      inherited: storefront && random() < 0.2,
    };
  });
}

/** A list: 35 % global, else 1–4 ids (unsorted, sometimes repeated) among the channels and two ids that never existed. */
function randomList(random: Random, channelCount: number): number[] | null {
  if (random() < 0.35) return null;
  if (random() < 0.02) return [];
  return Array.from({ length: 1 + Math.floor(random() * 4) }, () => 1 + Math.floor(random() * (channelCount + 2)));
}

export function randomCustomer(random: Random, customerId: number, channelCount: number, modified = new Date(Date.UTC(2026, 0, 1))): IndexedCustomer {
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  return {
    customerId,
    email: `${firstName}.${lastName}.${customerId}@example.com`.toLowerCase(),
    firstName,
    lastName,
    company: random() < 0.3 ? "Acme" : "",
    customerGroupId: Math.floor(random() * 3),
    originChannelId: 1 + Math.floor(random() * channelCount),
    channelIds: randomList(random, channelCount),
    dateCreated: new Date(Date.UTC(2025, 0, 1) + customerId * 1000),
    dateModified: modified,
  };
}

export function randomStore(seed: number, customers: number): { channels: ChannelSnapshot[]; customers: IndexedCustomer[] } {
  const random = seededRandom(seed);
  const channels = randomChannels(random, 3 + Math.floor(random() * 6));
  return { channels, customers: Array.from({ length: customers }, (_, i) => randomCustomer(random, 1 + i * 3, channels.length)) };
}
