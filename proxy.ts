// Every response: only BigCommerce's control panel (plus BC_CONTROL_PANEL_ORIGINS in development) may frame the app.
import { NextResponse, type NextRequest } from "next/server";
import { frameAncestorsDirective, PATHS_WITH_OWN_POLICY } from "@/lib/auth/frame-ancestors";

export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  response.headers.set("X-Content-Type-Options", "nosniff");
  // The callbacks set a stricter policy themselves; a header set here would replace theirs.
  if ((PATHS_WITH_OWN_POLICY as readonly string[]).includes(request.nextUrl.pathname)) return response;
  response.headers.set("Content-Security-Policy", frameAncestorsDirective());
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
