// A deterministic large store for benchmarks: `customers=N,channels=M[,seed=S]`.
// Mix: ~75% global customers, the rest limited to 1-3 channels (storefronts, now and then a marketplace/POS channel
// a customer was imported from); channel 1 and about half the other storefronts allow global logins; statuses fit
// each type (storefronts mostly active, some prelaunch, inactive or archived; other channels connected or
// disconnected); names, companies, groups and dates vary; every email is unique.
import { noOverrides } from "../store/store";
import type { ChannelCustomerSettings, ChannelRecord, ChannelStatus, ChannelType, CustomerRecord, SeedData } from "../store/types";
import { SEED_PASSWORD_HASH } from "./example";
import { mulberry32, pick, type Random } from "./prng";

export interface GeneratorOptions {
  customers: number;
  channels: number;
  seed: number;
}

const FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia", "Mateo", "Amelia", "Ethan", "Harper", "Aiden", "Evelyn", "Kenji", "Priya", "Chen", "Fatima", "Diego", "Zoë", "Björn", "Aoife", "Kwame", "Ingrid", "Ravi", "Lucía", "Omar"];
const LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "García", "Miller", "Davis", "Rodriguez", "Martinez", "Hernández", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Nguyen", "O'Brien", "Kowalski", "Müller", "Tanaka", "Singh", "Okafor", "Rossi", "Dubois", "Andersson"];
const COMPANIES = ["Northwind Traders", "Contoso Ltd", "Fabrikam Inc", "Globex", "Initech", "Umbrella Retail", "Stark Supplies", "Wayne Wholesale", "Acme Corp", "Blue Yonder", "Tailspin Toys", "Wide World Importers"];
const DOMAINS = ["example.com", "example.org", "example.net", "mail.example", "shop.example"];
const CHANNEL_KINDS: { type: ChannelType; platform: string; name: string }[] = [
  { type: "storefront", platform: "bigcommerce", name: "Storefront" },
  { type: "storefront", platform: "next", name: "Headless Store" },
  { type: "marketplace", platform: "amazon", name: "Amazon" },
  { type: "storefront", platform: "wordpress", name: "WordPress Shop" },
  { type: "pos", platform: "square", name: "Square POS" },
  { type: "marketing", platform: "facebook", name: "Facebook" },
  { type: "marketplace", platform: "ebay", name: "eBay" },
  { type: "storefront", platform: "custom", name: "Custom Storefront" },
];
/** Statuses by type, weighted by repetition (storefronts and the other types have different sets: openapi/channels.v3.yml#/components/schemas/ChannelStatus). */
export const STATUSES_BY_TYPE: Record<ChannelType, readonly ChannelStatus[]> = {
  storefront: ["prelaunch", "active", "active", "inactive", "active", "active", "archived", "active"],
  marketplace: ["connected", "connected", "disconnected"],
  pos: ["connected", "connected", "disconnected"],
  marketing: ["connected", "connected", "disconnected"],
};

export function parseGeneratorSeed(spec: string): GeneratorOptions | undefined {
  if (!spec.includes("=")) return undefined;
  const values = Object.fromEntries(spec.split(",").map((part) => part.trim().split("=") as [string, string]));
  const known = new Set(["customers", "channels", "seed"]);
  for (const key of Object.keys(values)) if (!known.has(key)) throw new Error(`SANDBOX_SEED: unknown key "${key}"`);
  const int = (key: string, fallback: number, min: number) => {
    const raw = values[key];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`SANDBOX_SEED: ${key} must be an integer >= ${min}`);
    return n;
  };
  return { customers: int("customers", 1000, 0), channels: int("channels", 3, 1), seed: int("seed", 1, 0) };
}

const START = Date.parse("2019-01-01T00:00:00Z");
const SPAN = Date.parse("2025-06-01T00:00:00Z") - START;

export function generateSeed({ customers: count, channels: channelCount, seed }: GeneratorOptions): SeedData {
  const random = mulberry32(seed);
  const channels: ChannelRecord[] = [];
  const channelSettings = new Map<number, ChannelCustomerSettings>();
  for (let id = 1; id <= channelCount; id++) {
    const kind = id === 1 ? CHANNEL_KINDS[0] : CHANNEL_KINDS[(id - 1) % CHANNEL_KINDS.length];
    const created = START + Math.floor(random() * SPAN * 0.2);
    channels.push({
      id,
      name: id === 1 ? "Main Storefront" : `${kind.name} ${id}`,
      type: kind.type,
      platform: kind.platform,
      status: id === 1 ? "active" : pick(random, STATUSES_BY_TYPE[kind.type]),
      external_id: id === 1 ? "" : `ext-${seed}-${id}`,
      is_listable_from_ui: true,
      is_visible: kind.type === "storefront",
      date_created: created,
      date_modified: created + Math.floor(random() * SPAN * 0.1),
      icon_url: `https://icons.sandbox.example/channels/${kind.platform}.svg`,
      currencies: { enabled_currencies: ["USD"], default_currency: "USD" },
    });
    // About half of the other storefronts welcome global customers.
    if (id > 1 && kind.type === "storefront" && random() < 0.5) channelSettings.set(id, { ...noOverrides(), allow_global_logins: true });
  }
  // Global customers originate on live storefronts that welcome them; lists name storefronts, rarely anything else.
  const globalChannels = channels.filter((c) => c.id === 1 || (channelSettings.get(c.id)?.allow_global_logins && c.status === "active")).map((c) => c.id);
  const mix: ChannelMix = {
    storefronts: channels.filter((c) => c.type === "storefront").map((c) => c.id),
    others: channels.filter((c) => c.type !== "storefront").map((c) => c.id),
    globalChannels,
    several: channels.length > 1,
  };
  const customers: CustomerRecord[] = new Array(count);
  for (let i = 0; i < count; i++) customers[i] = generateCustomer(i + 1, random, mix);
  return { channels, customers, channelSettings };
}

interface ChannelMix {
  storefronts: number[];
  others: number[];
  globalChannels: number[];
  several: boolean;
}

const ascii = (s: string) => s.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
const NAMES = { first: FIRST.map((name) => ({ name, ascii: ascii(name) })), last: LAST.map((name) => ({ name, ascii: ascii(name) })) };
// A million customers must fit in memory: records share the arrays nobody writes in place (the store replaces a
// record on every write) and the common zero store credit.
const NONE: never[] = Object.freeze([]) as never[];
const NO_CREDIT = Object.freeze([Object.freeze({ amount: 0 })]) as { amount: number }[];

/** One customer; the sequence of random draws is the seed's contract (same seed, same store). */
function generateCustomer(id: number, random: Random, mix: ChannelMix): CustomerRecord {
  const first = pick(random, NAMES.first);
  const last = pick(random, NAMES.last);
  let channelIds: number[] | null = null;
  if (mix.several && random() < 0.25) {
    const wanted = 1 + Math.floor(random() * Math.min(3, mix.storefronts.length));
    const ids = new Set<number>();
    while (ids.size < wanted) ids.add(pick(random, mix.storefronts));
    if (mix.others.length > 0 && random() < 0.05) ids.add(pick(random, mix.others));
    channelIds = [...ids].sort((a, b) => a - b);
  }
  const created = START + Math.floor(random() * SPAN);
  const modified = random() < 0.4 ? created : created + Math.floor(random() * (START + SPAN - created));
  const email = `${first.ascii}.${last.ascii}.${id}@${pick(random, DOMAINS)}`;
  const company = random() < 0.3 ? pick(random, COMPANIES) : "";
  const phone = random() < 0.6 ? `555-${String(Math.floor(random() * 10000)).padStart(4, "0")}` : "";
  const ip = `${10 + Math.floor(random() * 200)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
  const group = random() < 0.5 ? 0 : 1 + Math.floor(random() * 4);
  const origin = channelIds ? channelIds[0] : pick(random, mix.globalChannels);
  const credit = random() < 0.1 ? Math.round(random() * 10000) / 100 : 0;
  return {
    id,
    email,
    first_name: first.name,
    last_name: last.name,
    company,
    phone,
    registration_ip_address: ip,
    notes: "",
    tax_exempt_category: "",
    customer_group_id: group,
    date_created: created,
    date_modified: modified,
    force_password_reset: false,
    passwordHash: SEED_PASSWORD_HASH,
    accepts_product_review_abandoned_cart_emails: false,
    origin_channel_id: origin,
    channel_ids: channelIds,
    addresses: NONE,
    attributes: NONE,
    form_fields: NONE,
    store_credit_amounts: credit === 0 ? NO_CREDIT : [{ amount: credit }],
    shopper_profile_id: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    segment_ids: NONE,
  };
}
