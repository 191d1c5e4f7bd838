/** @type {import('next').NextConfig} */
const nextConfig = {
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
