// GET /api/customers/{customerId}/storefront-login?channelId= → what BigCommerce should do and whether this user may
// try (nothing signed). POST {channelId, redirectTo?} → {url}: the storefront's /login/token/{jwt}, signed now, to open
// at once in a new tab. 403 for a user the owner has not allowed, 422 without the Customer login scope, 429 past
// 10 a minute (Retry-After).
import { idBodyRoute, idRoute } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { parseQuery } from "@/lib/api/request";
import { StorefrontLoginBody, StorefrontLoginQuery, type StorefrontLoginPreview, type StorefrontLoginResponse } from "@/lib/contract/storefront-login";
import { previewStorefrontLogin, signStorefrontLogin } from "@/lib/storefront-login";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = idRoute("customerId", (request, ctx, customerId): Promise<StorefrontLoginPreview> =>
  previewStorefrontLogin(ctx, customerId, parseQuery(request, StorefrontLoginQuery).channelId, { signal: request.signal }),
);

export const POST = idBodyRoute("customerId", StorefrontLoginBody, (ctx, customerId, body, request): Promise<StorefrontLoginResponse> =>
  signStorefrontLogin(ctx, customerId, body, { signal: request.signal }),
);

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
