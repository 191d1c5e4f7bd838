// GET /api/load?signed_payload_jwt=… — the control panel opens the app for a user.
import type { NextRequest } from "next/server";
import { callbackFailure } from "@/lib/api/callbacks";
import { callbackErrorResponse, sessionLandingResponse } from "@/lib/api/landing";
import { queryObject, SignedPayloadQuery } from "@/lib/auth/callback-query";
import { describeIssues } from "@/lib/contract/issues";
import { REOPEN_APP } from "@/lib/contract/session";
import { load } from "@/lib/auth/lifecycle";
import { otherMethods } from "@/lib/api/methods";
import { warmStoreChannels } from "@/lib/store-access";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: NextRequest) {
  const query = SignedPayloadQuery.safeParse(queryObject(request.nextUrl));
  if (!query.success) return callbackErrorResponse(request, 401, "Could not verify the request from BigCommerce", `${describeIssues(query.error)}. ${REOPEN_APP}`);
  try {
    const signedIn = await load(query.data.signed_payload_jwt);
    // Not awaited, and its failure is not the callback's: the app page asks for channels next and joins this read.
    warmStoreChannels(signedIn.store);
    return sessionLandingResponse(signedIn.sessionToken, signedIn.path, {
      title: "Opening Channel Access",
      signedInAs: { email: signedIn.member.email, storeHash: signedIn.member.storeHash },
    });
  } catch (error) {
    return callbackFailure(request, error, "load");
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
