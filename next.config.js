/** @type {import('next').NextConfig} */
const nextConfig = {
  // The API's answers (proxy.ts sets the pages'). JSON and CSV are never framed; the load and auth callbacks answer
  // framed pages with their own policy (lib/auth/frame-ancestors.ts PATHS_WITH_OWN_POLICY), so they get nosniff only.
  async headers() {
    return [
      { source: "/api/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] },
      {
        source: "/api/:path((?!load$|auth$).+)",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
  compiler: { styledComponents: true },
  // The sandbox is a separate process and never part of the app's bundle.
  outputFileTracingExcludes: { "*": ["sandbox/**", "e2e/**"] },
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg"],
  experimental: {
    // The app is one screen opened cold in the control panel's iframe: fewer, larger chunks for its first load
    // (8 scripts instead of 13), which on HTTP/1.1 share 6 connections per host with the page's first API reads.
    turbopackChunking: { priorityRoutes: [/^\/$/], maxChunkCountPerGroup: 4, minChunkSize: 200_000, maxMergeChunkSize: 2_000_000 },
  },
};

export default nextConfig;
