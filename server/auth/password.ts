import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): safe and still fast on a 2-core machine.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const strength = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  // With the English translations the feedback is sentences, not translation keys.
  translations: english.translations,
});

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when the account does not exist keeps sign-in time the same
// whether or not an email is registered.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("aftercart-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}

/** Null when the password is acceptable, else a sentence saying why not. */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  const result = strength.check(password, userInputs);
  if (result.score >= 3) return null;
  // The library's own sentence for this case ("personal or page related data") says less than ours.
  const fromUserInputs = result.sequence.some((match) => "dictionaryName" in match && match.dictionaryName === "userInputs");
  const hint = fromUserInputs ? "It is too close to your name or email address." : (result.feedback.warning ?? "");
  return `This password is too easy to guess.${hint ? ` ${hint}` : ""} Try a longer phrase of unrelated words.`;
}
