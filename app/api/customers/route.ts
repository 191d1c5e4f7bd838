// GET /api/customers?page&limit&name&email&customerGroupId&sort&access: one page of customers with their computed
// access, from the access index once it is complete (or for `access`, which only the index answers), else live.
import { withAppSession } from "@/lib/api";
import { jsonAnswer } from "@/lib/api/json";
import { parseQuery } from "@/lib/api/request";
import { CustomersQuery, type CustomersResponse } from "@/lib/contract/access";
import { customersAlongside, listCustomers } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(
  async (request, ctx) => {
    const query = parseQuery(request, CustomersQuery);
    return jsonAnswer<CustomersResponse>(await listCustomers(ctx, query, { signal: request.signal, indexStamp: ctx.alongside }));
  },
  // The index's stamp, read with the session: a page the index answers again costs that one query.
  { alongside: customersAlongside },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
