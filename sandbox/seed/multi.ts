// `multi`: a store shaped like a real multi-storefront store. Ten storefronts that are live or not yet launched
// (ids 1-10, channel 1 "Main Storefront"), one inactive (11) and one archived (12) storefront, one deleted
// storefront (13), an Amazon marketplace (14), a Square POS (15) and a Facebook marketing channel (16); 600
// deterministic customers, mostly global, the rest with lists of storefronts, some naming a closed storefront, a few
// naming Amazon (imported from it) or the deleted storefront.
import { noOverrides } from "../store/store";
import type { ChannelCustomerSettings, ChannelRecord, ChannelStatus, ChannelType, CustomerRecord, SeedData } from "../store/types";
import { customer } from "./example";
import { mulberry32, pick } from "./prng";

export const MULTI_CUSTOMERS = 600;

type Spec = [id: number, name: string, type: ChannelType, platform: string, status: ChannelStatus, globalLogins: boolean];
/** The channels, and whether each lets global customers log in. */
export const MULTI_CHANNELS: readonly Spec[] = [
  [1, "Main Storefront", "storefront", "bigcommerce", "active", true],
  [2, "Wholesale", "storefront", "bigcommerce", "active", false],
  [3, "Outlet", "storefront", "next", "active", true],
  [4, "EU Store", "storefront", "bigcommerce", "active", true],
  [5, "UK Store", "storefront", "bigcommerce", "active", false],
  [6, "Canada Store", "storefront", "next", "active", true],
  [7, "Kids", "storefront", "wordpress", "active", false],
  [8, "Pro Shop", "storefront", "bigcommerce", "active", false],
  [9, "Gift Shop", "storefront", "next", "prelaunch", true],
  [10, "B2B Portal", "storefront", "custom", "prelaunch", false],
  [11, "Summer Pop-up", "storefront", "bigcommerce", "inactive", true],
  [12, "Old Brand", "storefront", "bigcommerce", "archived", false],
  [13, "Test Store", "storefront", "bigcommerce", "deleted", false],
  [14, "Amazon", "marketplace", "amazon", "connected", false],
  [15, "Square POS", "pos", "square", "connected", false],
  [16, "Facebook", "marketing", "facebook", "disconnected", false],
];

const FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Mia", "Kenji", "Priya", "Chen", "Fatima", "Diego", "Zoë", "Björn", "Aoife", "Kwame", "Ingrid", "Lucía"];
const LAST = ["Smith", "Johnson", "Brown", "García", "Miller", "Davis", "Martinez", "Lopez", "Wilson", "Taylor", "Lee", "Nguyen", "O'Brien", "Kowalski", "Müller", "Tanaka", "Singh", "Okafor", "Rossi", "Dubois"];
const START = Date.parse("2021-01-01T00:00:00Z");
const DAY = 86_400_000;

export function multiSeed(): SeedData {
  const channels: ChannelRecord[] = MULTI_CHANNELS.map(([id, name, type, platform, status]) => ({
    id,
    name,
    type,
    platform,
    status,
    external_id: type === "storefront" ? "" : `${platform}-${id}`,
    is_listable_from_ui: true,
    is_visible: type === "storefront" && status === "active",
    date_created: START + id * 30 * DAY,
    date_modified: START + id * 45 * DAY,
    icon_url: `https://icons.sandbox.example/channels/${platform}.svg`,
    currencies: { enabled_currencies: ["USD"], default_currency: "USD" },
  }));
  // Every channel states its own value (BigCommerce reports an effective boolean for each).
  const channelSettings = new Map<number, ChannelCustomerSettings>(
    MULTI_CHANNELS.map(([id, , , , , globalLogins]) => [id, { ...noOverrides(), allow_global_logins: globalLogins }]),
  );

  const random = mulberry32(2026);
  const live = [1, 2, 3, 4, 5, 6, 7, 8];
  const welcoming = [1, 3, 4, 6]; // live storefronts that allow global logins: where global customers sign up
  const customers: CustomerRecord[] = [];
  for (let id = 1; id <= MULTI_CUSTOMERS; id++) {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const roll = random();
    let channelIds: number[] | null = null;
    if (roll >= 0.7) {
      const ids = new Set<number>([pick(random, live)]);
      if (random() < 0.5) ids.add(pick(random, [...live, 9, 10]));
      // Some specific customers kept a storefront that has since closed; a few came from Amazon or the deleted store.
      if (roll >= 0.9) ids.add(pick(random, [11, 12]));
      if (roll >= 0.97) ids.add(pick(random, [13, 14]));
      channelIds = [...ids].sort((a, b) => a - b);
    }
    const created = START + Math.floor(random() * 1500) * DAY;
    const ascii = (s: string) => s.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
    customers.push(
      customer({
        id,
        email: `${ascii(first)}.${ascii(last)}.${id}@example.com`,
        first_name: first,
        last_name: last,
        company: id % 4 === 0 ? `${last} Trading` : "",
        customer_group_id: id % 5,
        date_created: created,
        date_modified: created + Math.floor(random() * 200) * DAY,
        origin_channel_id: channelIds ? channelIds[0]! : pick(random, welcoming),
        channel_ids: channelIds,
      }),
    );
  }
  return { channels, customers, channelSettings };
}
