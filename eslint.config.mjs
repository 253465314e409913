import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The house's dependency direction (ARCHITECTURE.md): app -> server -> db, components -> lib.
// Type-only imports are allowed where a client needs the router's type.
const restrict = (patterns, message) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: patterns, message, allowTypeImports: true }] }],
});

const config = [
  { ignores: [".next/**", ".next-*/**", "node_modules/**", "drizzle/**", ".data/**", "e2e/.artifacts/**", "coverage/**", "next-env.d.ts"] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["components/**"],
    rules: restrict(["@/server/*", "@/db/*", "@/db", "@/app/*", "**/server/**", "**/db/**"], "components use lib/ only: pass data in as props or through tRPC."),
  },
  {
    files: ["server/**"],
    rules: restrict(["@/app/*", "@/components/*", "**/app/**", "**/components/**"], "server/ never imports app/ or components/."),
  },
  {
    files: ["db/**"],
    rules: restrict(["@/server/*", "@/app/*", "@/components/*", "**/server/**", "**/app/**", "**/components/**"], "db/ imports nothing of ours above it."),
  },
  {
    files: ["lib/**"],
    ignores: ["lib/trpc/**"],
    rules: restrict(["@/server/*", "@/db/*", "@/app/*", "@/components/*"], "lib/ is shared by client and server code: keep it free of server modules."),
  },
];

export default config;
