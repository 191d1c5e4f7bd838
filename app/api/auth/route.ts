// GET /api/auth?code&scope&context&account_uuid — the install's OAuth callback, loaded inside the control panel's iframe.
import type { NextRequest } from "next/server";
import { callbackFailure } from "@/lib/api/callbacks";
import { callbackErrorResponse, sessionLandingResponse } from "@/lib/api/landing";
import { AuthCallbackQuery, queryObject } from "@/lib/auth/callback-query";
import { describeIssues } from "@/lib/contract/issues";
import { install } from "@/lib/auth/lifecycle";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: NextRequest) {
  const query = AuthCallbackQuery.safeParse(queryObject(request.nextUrl));
  if (!query.success)
    return callbackErrorResponse(request, 400, "This install link is incomplete", `${describeIssues(query.error)}. Start the installation again from the control panel.`);
  try {
    const signedIn = await install(query.data);
    // Shown inside the control panel's iframe while the app loads; a re-authorisation is an update of the install.
    return sessionLandingResponse(signedIn.sessionToken, signedIn.path, {
      title: signedIn.reinstalled ? "Channel Access was updated" : "Channel Access is installed",
      signedInAs: { email: signedIn.member.email, storeHash: signedIn.member.storeHash },
    });
  } catch (error) {
    return callbackFailure(request, error, "install");
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
