// What Meilisearch is asked for the words a person typed. Vietnamese words are mostly two or more
// syllables ("doanh nghiệp", "nhà ở xã hội"), and one syllable alone is usually another word
// ("công" in "công viên", "công chức", "công an"), so matching syllables one by one finds pages of
// noise. Here the query is cut into words with a dictionary (search/vocabulary.json and the
// synonym groups); a word of several syllables becomes a phrase (its syllables must stand together),
// domain stop words ("dữ liệu", "danh sách") are dropped while other words remain, and every word is
// required. The engine is asked in tiers, strictest first, and the portal shows the first that finds
// anything:
//   1. exact: the words, and the Telex spelling of those typed with diacritics (domain/vietnamese.ts),
//      so "đường" finds "đường" and not "dương"; only when something was typed with diacritics;
//   2. folded: the words without their diacritics ("ha noi" finds "Hà Nội");
//   3. relaxed: when nothing has every word (a typo, a word the catalog does not use), place names
//      are left out (a dataset by ward covers Cần Giờ without naming it: "dân số Cần Giờ") and
//      single syllables may be, the most frequent first ("giá xăng" → "xăng"); words of several
//      syllables never are, so "nhà ở xã hội" does not turn into "nhà" and "xã".
import vocabulary from '../vocabulary.json' with { type: 'json' };
import synonymsFile from '../synonyms.json' with { type: 'json' };
import { fold, telexText } from '../../domain/vietnamese.ts';

export type UnitKind = 'word' | 'compound' | 'synonym' | 'other';

/** One word of the query: a syllable, a word of several syllables, a name with synonyms, or anything else (codes, "PM2.5"). */
export interface QueryUnit {
  text: string;
  kind: UnitKind;
}

export type TierName = 'exact' | 'folded' | 'relaxed';

/** One way of asking Meilisearch: the q and the matching strategy it goes with. */
export interface TextTier {
  tier: TierName;
  q: string;
  matchingStrategy: 'all' | 'frequency';
}

const lower = (s: string) => s.normalize('NFC').toLowerCase().trim();
/** Folded, single-spaced: the key a span of the query is looked up by. */
const keyOf = (s: string) => fold(lower(s)).split(/\s+/).filter(Boolean).join(' ');
const isSyllable = (t: string) => /^\p{L}+$/u.test(t);
const hasMarks = (s: string) => fold(s) !== s.toLowerCase();

const synonymKeys = new Set(synonymsFile.groups.flat().map(keyOf));
const places = new Set(vocabulary.places.map(keyOf));
const compounds = new Set([...vocabulary.compounds, ...vocabulary.places].map(keyOf));
// A stop word with diacritics and one syllable ("về", "của") is dropped only as typed: without its
// marks it is often another word ("ve" is also "vé", ticket; "cua" is "cửa", door).
const stopExact = new Set(vocabulary.stopWords.filter((w) => !w.includes(' ') && hasMarks(w)).map(lower));
const stopFolded = new Set(vocabulary.stopWords.filter((w) => w.includes(' ') || !hasMarks(w)).map(keyOf));
const longestSpan = Math.max(...[...synonymKeys, ...compounds, ...stopFolded].map((k) => k.split(' ').length));

/**
 * The tokens of a query: separated by spaces and punctuation; "&", "." and "-" inside a token are
 * kept ("KH&CN", "TP.HCM", "PM2.5", "Wi-Fi"). Quotes and a leading "-" (Meilisearch's phrase and
 * exclusion operators) are never passed through.
 */
export function queryTokens(q: string): string[] {
  return (
    q
      .normalize('NFC')
      .split(/[\s,;:!?()[\]{}"'“”‘’«»…]+/u)
      .map((t) => t.replace(/^[-.&]+/, '').replace(/[-&]+$/, ''))
      // A full stop ends a sentence, except after a short abbreviation ("p." for phường, "q." for quận).
      .map((t) => (t.length > 3 ? t.replace(/\.+$/, '') : t))
      .filter(Boolean)
  );
}

function isStop(u: QueryUnit): boolean {
  if (u.kind === 'other' || u.kind === 'synonym') return false;
  return stopExact.has(lower(u.text)) || stopFolded.has(keyOf(u.text));
}

/** The words of a query, longest dictionary match first, stop words dropped while others remain. */
export function queryUnits(q: string): QueryUnit[] {
  const tokens = queryTokens(q);
  const units: QueryUnit[] = [];
  for (let i = 0; i < tokens.length;) {
    let found: QueryUnit | undefined;
    for (let n = Math.min(longestSpan, tokens.length - i); n >= 1 && !found; n--) {
      const span = tokens.slice(i, i + n);
      const k = keyOf(span.join(' '));
      if (synonymKeys.has(k)) found = { text: span.join(' '), kind: 'synonym' };
      else if (n > 1 && span.every(isSyllable) && (compounds.has(k) || stopFolded.has(k))) found = { text: span.join(' '), kind: 'compound' };
      if (found) i += n;
    }
    if (!found) {
      const t = tokens[i]!;
      found = { text: t, kind: isSyllable(t) ? 'word' : 'other' };
      i++;
    }
    units.push(found);
  }
  const content = units.filter((u) => !isStop(u));
  return content.length ? content : units;
}

/**
 * The Telex spellings of a text (domain/vietnamese.ts) as the index holds them, each with a prefix
 * no word has ("zq"): unmarked, "Bú" would be "bus" and match the English word and its synonyms.
 */
export function exactTokens(text: string | undefined): string {
  const t = telexText(text);
  return t
    ? t
        .split(' ')
        .map((w) => `zq${w}`)
        .join(' ')
    : '';
}

const multiSyllable = (u: QueryUnit) => u.text.includes(' ') && u.text.split(' ').every(isSyllable);

/**
 * The Meilisearch q of some units: words of several syllables as phrases, the others as they are.
 * A name with synonyms is a phrase only when `literal`: a phrase is never expanded by Meilisearch's
 * synonyms ("xe bus" must still find "xe buýt").
 */
function phraseQuery(units: QueryUnit[], literal = false): string {
  return units.map((u) => (u.kind === 'compound' || (literal && u.kind === 'synonym' && multiSyllable(u)) ? `"${u.text}"` : u.text)).join(' ');
}

/**
 * The tiers to ask, strictest first (an empty query: one tier, everything). A trailing space tells
 * Meilisearch the last word is complete (no prefix search): only the folded tier keeps the prefix,
 * for search as you type.
 */
export function textTiers(q: string): TextTier[] {
  const units = queryUnits(q);
  if (!units.length) return [{ tier: 'folded', q: '', matchingStrategy: 'all' }];
  const folded = phraseQuery(units);
  const tiers: TextTier[] = [];
  // Typed with diacritics, a name with synonyms is taken literally too ("chuyển đổi số" as written,
  // not any text with "chuyển", "đổi" and "số"); the folded tier expands it.
  const telex = exactTokens(
    units
      .filter((u) => u.kind !== 'other')
      .map((u) => u.text)
      .join(' '),
  );
  if (telex) tiers.push({ tier: 'exact', q: `${phraseQuery(units, true)} ${telex} `, matchingStrategy: 'all' });
  tiers.push({ tier: 'folded', q: folded, matchingStrategy: 'all' });
  const unplaced = units.filter((u) => !places.has(keyOf(u.text)));
  const kept = unplaced.length ? unplaced : units;
  if (kept.length < units.length || (kept.length > 1 && kept.some((u) => u.kind !== 'compound'))) {
    tiers.push({ tier: 'relaxed', q: `${phraseQuery(kept)} `, matchingStrategy: kept.some((u) => u.kind !== 'compound') ? 'frequency' : 'all' });
  }
  return tiers;
}

/** The one request of the other groups (services, agencies, code-list values): every word, as typed. */
export function strictText(q: string): string {
  return phraseQuery(queryUnits(q));
}
