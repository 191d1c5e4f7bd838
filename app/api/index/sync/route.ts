// POST /api/index/sync: a full resync of the session's store's access index, on demand (a running one is left to
// finish; a failed one resumes from its checkpoint). Answers 202 with the index status.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { requestStoreSync, type IndexStatus } from "@/lib/access-index/runner";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withAppSession(async (_request, ctx) => NextResponse.json<IndexStatus>(await requestStoreSync(ctx.store.id), { status: 202 }));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
