import { ensureEmbeddedAuthSecret } from "./lib/embedded-secret.mjs";

// In embedded mode the app must start with no configuration at all, so the session secret is
// generated on first run and kept beside the database. Next loads this file in the server process,
// so the value is visible to Auth.js before the first request.
ensureEmbeddedAuthSecret();

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets several builds live side by side (parallel e2e runs on one machine); ".next" by default.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, and the
  // argon2 binding is a native module: neither can be bundled. rate-limiter-flexible imports
  // drizzle-orm by a computed name, which a bundle turns into "module not found" (the database store
  // would silently fall back to per-instance memory).
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "rate-limiter-flexible"],
  async headers() {
    return [
      {
        // Embeds and public survey pages are made to be framed by merchants' sites, and the widget
        // builder's preview by the app itself; nothing else is.
        source: "/((?!embed/|s/|api/orgs/[^/]+/widget-preview).*)",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
      {
        source: "/api/orgs/:orgSlug/widget-preview",
        headers: [
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
      {
        source: "/s/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors *" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

export default nextConfig;
