// Every page: only BigCommerce's control panel (plus BC_CONTROL_PANEL_ORIGINS in development) may frame the app.
// The API's answers get their headers from next.config.js instead: they are the same on every answer, and a proxy
// run on each API request would cost more than the rest of a cached matrix page.
import { NextResponse } from "next/server";
import { frameAncestorsDirective } from "@/lib/auth/frame-ancestors";

export function proxy() {
  const response = NextResponse.next();
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Content-Security-Policy", frameAncestorsDirective());
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
