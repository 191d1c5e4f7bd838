// GET /api/activity/{entryId}/undo → what undoing the entry would do, read now (UndoPreview); POST {expected?} → the
// undo written (a customer's change, a global-logins switch) or started (a bulk job's undo job, 202).
import { NextResponse } from "next/server";
import { idRoute, withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { parseParams, PositiveIdParam, readJsonBody } from "@/lib/api/request";
import { UndoBody, type UndoPreview, type UndoResponse } from "@/lib/contract/activity";
import { previewUndo, undoEntry } from "@/lib/activity/undo";
import { z } from "zod";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ entryId: PositiveIdParam });

export const GET = idRoute("entryId", async (request, ctx, entryId): Promise<UndoPreview> => previewUndo(ctx, entryId, { signal: request.signal }));

export const POST = withAppSession<{ entryId: string }>(async (request, ctx, route) => {
  const { entryId } = await parseParams(route.params, Params);
  const answer = await undoEntry(ctx, entryId, await readJsonBody(request, UndoBody), { signal: request.signal });
  return NextResponse.json<UndoResponse>(answer, { status: answer.kind === "job" ? 202 : 200 });
});

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
