// GET /api/customers/import/{importId} → the staged import (staged, expired, running or finished) and its bulk job
// once run (ImportResponse); 404 for another store's or an unknown import.
import { idRoute } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import type { ImportResponse } from "@/lib/contract/csv-import";
import { getImport } from "@/lib/csv-access/imports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = idRoute("importId", async (_request, ctx, importId): Promise<ImportResponse> => getImport(ctx, importId));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
