// Vietnamese for search. Meilisearch folds diacritics (and đ → d) by itself, so "duong" finds "đường";
// to rank exact diacritics first ("đường" above "dương" and "đương") each word with diacritics is also
// indexed in its Telex spelling, which keeps every mark and puts the tone last: "đường" → "dduwowngf".
// Old and new tone placement ("Hòa", "Hoà") have the same Telex spelling, so they are treated alike.

const marks: Record<string, string> = { '\u0302': 'circumflex', '\u0306': 'w', '\u031b': 'w' };
const tones: Record<string, string> = { '\u0300': 'f', '\u0301': 's', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' };

/** The Telex spelling of one word (lowercase); undefined when the word has no diacritics. */
function telexWord(word: string): string | undefined {
  const w = word.normalize('NFC').toLowerCase();
  if (!/[\u0080-\uffff]/.test(w)) return undefined;
  let out = '';
  let tone = '';
  for (const ch of w.normalize('NFD')) {
    if (ch === 'đ') out += 'dd';
    else if (ch in tones) tone = tones[ch]!;
    else if (ch in marks) {
      const prev = out.slice(-1);
      out += marks[ch] === 'circumflex' ? prev : 'w';
    } else if (/[a-z0-9]/.test(ch)) out += ch;
    else if (/\p{L}/u.test(ch)) out += ch;
  }
  return out.normalize('NFC') + tone;
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The Telex spellings of the words with diacritics in a text, space-separated (for an index field). */
export function telexText(text: string | undefined): string {
  if (!text) return '';
  const words = text.normalize('NFC').match(wordPattern) ?? [];
  return [...new Set(words.map(telexWord).filter((w): w is string => !!w))].join(' ');
}

/** Lowercase ASCII base letters: "Đường Ánh" → "duong anh" (for suggestions and sorting). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** A slug of a Vietnamese text for ids and file names: "Bãi giữ xe Đà Lạt" → "bai-giu-xe-da-lat" (lowercase ASCII and "-", at most `max` characters). */
export function slugify(s: string, max = 80): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
}
