// "Did you mean": when nothing matches, each unknown query word is replaced by the closest word of
// the catalog (titles and keywords), compared without diacritics.
import { fold } from '../../../domain/vietnamese.ts';
import type { Portal } from './portal.ts';
import { sharedWeakMap } from './process-cache.ts';

function vocabularyOf(texts: string[]): Map<string, string> {
  const words = new Map<string, string>();
  for (const t of texts)
    for (const w of t
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [])
      if (w.length > 1 && !words.has(fold(w))) words.set(fold(w), w);
  return words;
}

const catalogWords = sharedWeakMap<Portal, Map<string, string>>('catalog-vocabulary');

/** The words of the catalog's titles and keywords, gathered once per catalog (not on every search that finds nothing). */
export function catalogVocabulary(p: Portal): Map<string, string> {
  let words = catalogWords.get(p);
  if (!words) catalogWords.set(p, (words = vocabularyOf(p.datasets.flatMap((d) => [d.title.vi, ...(d.keyword?.vi ?? [])]))));
  return words;
}

/** Edit distance with transpositions (optimal string alignment), giving up above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j]!, prev2[j - 2]! + 1);
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** A corrected query, or undefined when every word is known or nothing is close enough. */
export function suggest(query: string, vocabulary: Map<string, string>): string | undefined {
  const words =
    query
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  let changed = false;
  const out = words.map((w) => {
    const f = fold(w);
    // Known words are written as the catalog writes them (with their diacritics).
    if (vocabulary.has(f)) return vocabulary.get(f)!;
    if (f.length < 3) return w;
    const max = f.length <= 4 ? 1 : 2;
    let best: [number, string] | undefined;
    for (const [k, original] of vocabulary) {
      const d = distance(f, k, max);
      if (d <= max && (!best || d < best[0] || (d === best[0] && original.length < best[1].length))) best = [d, original];
    }
    if (!best) return w;
    changed = true;
    return best[1];
  });
  return changed ? out.join(' ') : undefined;
}
