/**
 * Vietnamese text arrives in both composed (NFC) and decomposed (NFD) forms depending on the
 * keyboard and the operating system; everything is stored NFC so that search, sorting and
 * comparisons see one form. Line ends arrive as CRLF from HTML forms and as LF from the CMS: stored
 * as LF. Returns a deep copy with every string normalised and trimmed of surrounding white space.
 *
 * Control characters are not removed here: a value that carries one is refused by the validators
 * (validate.ts), with the field named, rather than stored changed without a word.
 */
export function normalizeRecord<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC').replace(/\r\n?/g, '\n').trim() as T;
  if (Array.isArray(value)) return value.map((v: unknown) => normalizeRecord(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeRecord(v);
    return out as T;
  }
  return value;
}
