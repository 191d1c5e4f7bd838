// POST /api/index/sync: a full resync of the session's store's access index, on demand (a running one is left to
// finish; a failed one resumes from its checkpoint). Answers 202 with the index status GET /api/index gives.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { requestStoreSync } from "@/lib/access-index/runner";
import type { IndexStatusResponse } from "@/lib/contract/access-index";
import { getPrisma } from "@/lib/db";
import { indexStatus } from "@/lib/store-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withAppSession(async (_request, ctx) => {
  await requestStoreSync(ctx.store.id);
  return NextResponse.json<IndexStatusResponse>(await indexStatus(await getPrisma(), ctx.store), { status: 202 });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
