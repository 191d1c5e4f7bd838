// GET /api/auth?code&scope&context&account_uuid — the install's OAuth callback.
import type { NextRequest } from "next/server";
import { callbackFailure } from "@/lib/api/callbacks";
import { callbackErrorResponse, sessionLandingResponse } from "@/lib/api/landing";
import { AuthCallbackQuery, issuesText, queryObject } from "@/lib/auth/callback-query";
import { install } from "@/lib/auth/lifecycle";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: NextRequest) {
  const query = AuthCallbackQuery.safeParse(queryObject(request.nextUrl));
  if (!query.success)
    return callbackErrorResponse(request, 400, "This install link is incomplete", `${issuesText(query.error)}. Start the installation again from the control panel.`);
  try {
    const signedIn = await install(query.data);
    return sessionLandingResponse(signedIn.sessionToken, signedIn.path);
  } catch (error) {
    return callbackFailure(request, error, "install");
  }
}
