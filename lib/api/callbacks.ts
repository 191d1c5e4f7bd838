// Turns lifecycle failures into responses that keep their status and say what to do next.
import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { queryObject, SignedPayloadQuery } from "@/lib/auth/callback-query";
import { describeIssues } from "@/lib/contract/issues";
import { CallbackRefusedError } from "@/lib/auth/lifecycle";
import { SignedPayloadError } from "@/lib/auth/signed-payload";
import { OAuthExchangeError } from "@/lib/bigcommerce/oauth";
import { ConfigError } from "@/lib/env";
import { callbackErrorResponse } from "./landing";

export type CallbackName = "install" | "load" | "uninstall" | "remove_user";

export function callbackFailure(request: Request, error: unknown, what: CallbackName): NextResponse {
  if (error instanceof SignedPayloadError) {
    // Server-to-server callbacks have no merchant watching: the log is where a refused one shows.
    if (what === "uninstall" || what === "remove_user") console.warn(`${what} refused: ${error.message}`);
    return callbackErrorResponse(request, 401, "Could not verify the request from BigCommerce", error.message);
  }
  if (error instanceof CallbackRefusedError) return callbackErrorResponse(request, 403, "Request refused", error.message);
  if (error instanceof OAuthExchangeError) return callbackErrorResponse(request, error.status, "The installation could not be completed", error.message);
  if (error instanceof ConfigError) {
    console.error(`${what}: ${error.message}`);
    return callbackErrorResponse(request, 500, "Channel Access is not configured", "The app's server configuration is incomplete. Contact the app's developer.");
  }
  console.error(`${what} failed`, error);
  return callbackErrorResponse(request, 500, "Something went wrong", `Channel Access could not complete the ${what.replace("_", " ")}. Try again in a moment.`);
}

/** What a server-to-server callback answers on success: JSON `{ok: true, ...body}`, 200 unless `status` says otherwise. */
export interface CallbackAnswer {
  status?: number;
  body: Record<string, unknown>;
}

/**
 * A server-to-server lifecycle callback (uninstall, remove_user): validate the query, verify the signed payload
 * inside `act`, answer JSON. Failures keep their status (401 for a bad or reused payload, 403 for a refused one).
 */
export function signedPayloadCallback(what: "uninstall" | "remove_user", act: (signedPayloadJwt: string) => Promise<CallbackAnswer>) {
  return async function GET(request: NextRequest): Promise<NextResponse> {
    const query = SignedPayloadQuery.safeParse(queryObject(request.nextUrl));
    if (!query.success) return callbackErrorResponse(request, 401, "Could not verify the request from BigCommerce", describeIssues(query.error));
    try {
      const answer = await act(query.data.signed_payload_jwt);
      return NextResponse.json({ ok: true, ...answer.body }, { status: answer.status ?? 200, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return callbackFailure(request, error, what);
    }
  };
}
