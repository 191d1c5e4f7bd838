import { HomeScreen } from "@/components/AccessMatrix/HomeScreen";
import { customersKey, customersQueryFromUrl } from "@/lib/contract/customer-list";
import { earlyRequestsScript } from "@/lib/client/early";
import { SESSION_PATH } from "@/lib/contract/session";
import { readFirstView } from "./first-view";

// Rendered per request: the HTML carries the session and the list page the URL names (see ./first-view).
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

const urlParams = (params: SearchParams) => {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value ?? []].flat()) out.append(key, v);
  return out;
};

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = customersQueryFromUrl(urlParams(await searchParams));
  const firstView = await readFirstView(query);
  if (firstView) return <HomeScreen firstView={firstView} />;
  // No session the server could read (e.g. the cookie is blocked): the session and the list's page are asked for by
  // the HTML itself, while the JavaScript downloads.
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: earlyRequestsScript([SESSION_PATH], [customersKey(query)], []) }} />
      <HomeScreen />
    </>
  );
}
