import { HomeScreen } from "@/components/AccessMatrix/HomeScreen";
import { CUSTOMER_LIST_URL_KEYS, customersKey } from "@/lib/client/customer-list";
import { earlyRequestsScript } from "@/lib/client/early";
import { SESSION_PATH } from "@/lib/client/fetch";

// The session and the list's first page are asked for by the HTML itself, while the JavaScript downloads. With list
// state in the URL (a page, a search), the page asks for its list itself.
const EARLY_REQUESTS = earlyRequestsScript([SESSION_PATH], [customersKey()], CUSTOMER_LIST_URL_KEYS);

export default function HomePage() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: EARLY_REQUESTS }} />
      <HomeScreen />
    </>
  );
}
