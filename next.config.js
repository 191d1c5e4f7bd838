/** @type {import('next').NextConfig} */
const nextConfig = {
  compiler: { styledComponents: true },
  // The sandbox is a separate process and never part of the app's bundle.
  outputFileTracingExcludes: { "*": ["sandbox/**", "e2e/**"] },
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg"],
};

export default nextConfig;
