import type { Rng, Weighted } from "./random";

export type Country = "DE" | "FR" | "NL" | "GB" | "US" | "AT" | "BE" | "ES" | "IT" | "SE" | "CH" | "DK";

/** Where a German-speaking European shop's customers live. */
export const COUNTRY_WEIGHTS: Weighted<Country> = [
  ["DE", 33],
  ["FR", 14],
  ["NL", 11],
  ["GB", 9],
  ["US", 6],
  ["AT", 6],
  ["BE", 5],
  ["CH", 4],
  ["ES", 4],
  ["IT", 4],
  ["SE", 2],
  ["DK", 2],
];

/** Hours from UTC, for the time of day people shop (daylight saving ignored). */
export const UTC_OFFSET: Record<Country, number> = {
  DE: 1, FR: 1, NL: 1, AT: 1, BE: 1, ES: 1, IT: 1, SE: 1, CH: 1, DK: 1, GB: 0, US: -5,
};

/** VAT included in prices (EU, UK, CH); US sales tax is added at checkout instead. */
export const VAT: Record<Country, number> = {
  DE: 0.19, FR: 0.2, NL: 0.21, AT: 0.2, BE: 0.21, ES: 0.21, IT: 0.22, SE: 0.25, DK: 0.25, CH: 0.081, GB: 0.2, US: 0,
};
export const US_SALES_TAX = 0.0725;

export const CHANNEL_WEIGHTS: Weighted<AcquisitionChannel> = [
  ["organic", 33],
  ["paid", 25],
  ["social", 17],
  ["email", 13],
  ["referral", 12],
];
export type AcquisitionChannel = "organic" | "paid" | "referral" | "email" | "social";

export const GENDER_WEIGHTS: Weighted<string | null> = [
  ["female", 51],
  ["male", 44],
  ["non_binary", 2],
  [null, 3],
];

const FIRST_NAMES: Record<string, readonly string[]> = {
  DE: ["Anna", "Lukas", "Lea", "Jonas", "Marie", "Felix", "Sophie", "Paul", "Lena", "Maximilian", "Hannah", "Tim"],
  FR: ["Camille", "Louis", "Chloé", "Hugo", "Léa", "Jules", "Manon", "Arthur", "Inès", "Lucas"],
  NL: ["Emma", "Daan", "Julia", "Sem", "Sanne", "Bram", "Fleur", "Lars", "Noor", "Thijs"],
  GB: ["Olivia", "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Grace", "Charlie"],
  US: ["Emily", "James", "Madison", "Michael", "Abigail", "Ethan", "Harper", "Noah", "Ella", "Logan"],
  default: ["Laura", "Marco", "Sofia", "Erik", "Clara", "Matteo", "Elin", "Pablo", "Nina", "Jan"],
};
const LAST_NAMES: Record<string, readonly string[]> = {
  DE: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch"],
  FR: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"],
  NL: ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos"],
  GB: ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker"],
  US: ["Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson", "Moore", "Jackson", "Lee"],
  default: ["Rossi", "García", "Andersson", "Nielsen", "Huber", "Peeters", "Keller", "Lindqvist", "Ferrari", "Janssens"],
};

// Reserved example domains (RFC 2606): the demo must never address a real mailbox.
const MAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example"];

export function personName(rng: Rng, country: Country): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES[country] ?? FIRST_NAMES.default!), last: rng.pick(LAST_NAMES[country] ?? LAST_NAMES.default!) };
}

export function emailFor(rng: Rng, first: string, last: string, number: number): string {
  const local = `${first}.${last}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z.]/g, "");
  return `${local}.${number}@${rng.pick(MAIL_DOMAINS)}`;
}
