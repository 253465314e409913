/** A target field of an import: what the admin maps a column of the file to. */
export interface FieldSpec {
  key: string;
  label: string;
  required?: boolean;
  hint?: string;
  /** Headers that map to this field on their own, compared without case, spaces or punctuation. */
  synonyms: readonly string[];
  /** Headers used only when no synonym matched; they may also serve another field (Email as the customer id). */
  fallbacks?: readonly string[];
}

/** "Customer ID", "customer_id" and "customerId" are one header to the auto-mapping. */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * Suggests field -> header from the file's headers. Fields are served in their order, each taking
 * the first of its synonyms the file has, and a header serves one field at most, except through a
 * fallback. The key and the label of a field count as synonyms.
 */
export function autoMap(fields: readonly FieldSpec[], headers: readonly string[]): Record<string, string> {
  const byNormal = new Map<string, string>();
  for (const header of headers) {
    const normal = normalizeHeader(header);
    if (normal && !byNormal.has(normal)) byNormal.set(normal, header);
  }
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const field of fields) {
    for (const synonym of [field.key, field.label, ...field.synonyms]) {
      const header = byNormal.get(normalizeHeader(synonym));
      if (header !== undefined && !used.has(header)) {
        mapping[field.key] = header;
        used.add(header);
        break;
      }
    }
  }
  for (const field of fields) {
    if (mapping[field.key] || !field.fallbacks) continue;
    for (const fallback of field.fallbacks) {
      const header = byNormal.get(normalizeHeader(fallback));
      if (header !== undefined) {
        mapping[field.key] = header;
        break;
      }
    }
  }
  return mapping;
}
