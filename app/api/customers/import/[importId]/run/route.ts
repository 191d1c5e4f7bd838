// POST /api/customers/import/{importId}/run → 202 with the import and the bulk job now writing its changes
// (ImportResponse). 409 when it already runs (naming its job) or its dry run expired; 422 when it changes nobody.
import { idRoute } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import type { ImportResponse } from "@/lib/contract/csv-import";
import { runImport } from "@/lib/csv-access/imports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idRoute("importId", async (_request, ctx, importId): Promise<ImportResponse> => runImport(ctx, importId), { status: 202 });

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
