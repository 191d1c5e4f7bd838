// GET /api/customers?page&limit&name&email&customerGroupId&sort&access: one page of customers with their computed
// access, from the access index once it is complete (or for `access`, which only the index answers), else live.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { parseQuery } from "@/lib/api/request";
import { CustomersQuery, type CustomersResponse } from "@/lib/contract/access";
import { listCustomers } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (request, ctx) => {
  const query = parseQuery(request, CustomersQuery);
  return NextResponse.json<CustomersResponse>(await listCustomers(ctx, query, { signal: request.signal }));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
