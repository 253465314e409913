export const INDUSTRIES = ["ecommerce", "saas", "media", "healthcare", "services"] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const INDUSTRY_LABELS: Record<Industry, string> = {
  ecommerce: "E-commerce",
  saas: "SaaS",
  media: "Media",
  healthcare: "Healthcare",
  services: "Services",
};

/** Currencies offered in the form; any ISO-4217 code the runtime knows is accepted by the API. */
export const COMMON_CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN", "CAD", "AUD", "JPY"] as const;

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

export function isTimeZone(zone: string): boolean {
  if (zone === "UTC") return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return Intl.supportedValuesOf("timeZone").includes(zone);
  } catch {
    return false;
  }
}

/** Paths at the top of the app that an organisation slug must not shadow. */
export const RESERVED_SLUGS = new Set([
  "api", "app", "auth", "sign-in", "sign-up", "sign-out", "forgot-password", "reset-password", "invite",
  "organizations", "account", "embed", "s", "settings", "admin", "new", "static", "_next", "docs", "help",
  "pricing", "billing", "login", "logout", "signup", "favicon.ico", "robots.txt",
]);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
}
