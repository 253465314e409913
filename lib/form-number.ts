/**
 * A number typed into a form as the API wants it: empty -> null, a decimal comma read as a point
 * ("0,92" -> 0.92), anything else Number() of it (NaN, which the API refuses with a message).
 */
export function formNumber(value: FormDataEntryValue | null): number | null {
  const text = String(value ?? "").trim().replace(",", ".");
  return text === "" ? null : Number(text);
}
