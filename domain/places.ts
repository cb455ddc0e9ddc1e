// Places (dct:spatial) chosen by name from the administrative-unit code list: an editor types
// "Bến Thành" and gets "Phường Bến Thành (Thành phố Hồ Chí Minh) — 26740". Matching ignores
// diacritics and case, and the unit's type word ("Phường", "Xã", "Tỉnh"…) may be left out.
import type { CodeListEntry } from '../catalog-schema/generated/types.ts';
import type { FieldError } from '../catalog-schema/src/errors.ts';
import { fold } from './vietnamese.ts';

/** The shared code list of the administrative units (34 provinces, 3,321 wards after the 2025 reorganisation). */
export const ADMIN_UNITS_CODE_LIST = 'don-vi-hanh-chinh-2026';

export interface Place {
  code: string;
  label: { vi: string; en?: string };
  /** The province's name for a ward; undefined for a province. */
  province?: string;
}

interface IndexedPlace extends Place {
  full: string;
  /** The name without its type word: "ben thanh" for "Phường Bến Thành". */
  bare: string;
}

export interface PlaceIndex {
  places: IndexedPlace[];
  byCode: Map<string, IndexedPlace>;
}

const typeWords = ['thanh pho', 'tinh', 'phuong', 'xa', 'dac khu', 'thi tran', 'quan', 'huyen', 'thi xa'];
const squash = (s: string) =>
  fold(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function bareName(full: string): string {
  for (const w of typeWords) if (full.startsWith(`${w} `)) return full.slice(w.length + 1);
  return full;
}

/** The places of a code list's entries (provinces first, then wards with their province). */
export function placeIndex(entries: readonly CodeListEntry[]): PlaceIndex {
  const provinces = new Map(entries.filter((e) => !e.parentCode).map((e) => [e.code, e.label.vi]));
  const places = entries.map((e) => {
    const full = squash(e.label.vi);
    return { code: e.code, label: e.label, province: e.parentCode ? provinces.get(e.parentCode) : undefined, full, bare: bareName(full) };
  });
  return { places, byCode: new Map(places.map((p) => [p.code, p])) };
}

/** How a place is written in a form field, and read back by resolvePlaces. */
export function placeText(p: Place): string {
  return `${p.label.vi}${p.province ? ` (${p.province})` : ''} — ${p.code}`;
}

/** Places whose name matches `query`, best first: exact names, then names starting with it, then containing it. */
export function findPlaces(index: PlaceIndex, query: string, limit = 10): Place[] {
  const q = squash(query);
  if (!q) return [];
  const byCode = index.byCode.get(query.trim());
  if (byCode) return [byCode];
  const scored: { p: IndexedPlace; score: number }[] = [];
  for (const p of index.places) {
    const score = p.bare === q || p.full === q ? 0 : p.bare.startsWith(q) || p.full.startsWith(q) ? 1 : p.full.includes(q) ? 2 : -1;
    if (score >= 0) scored.push({ p, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.p.province ? 1 : 0) - (b.p.province ? 1 : 0) || a.p.full.localeCompare(b.p.full));
  return scored.slice(0, limit).map(({ p }) => ({ code: p.code, label: p.label, province: p.province }));
}

/**
 * The codes of the places written one per line (or separated by ";"): a code, the text placeText
 * wrote ("… — 26740"), or a name that matches one place only. Lines that match none or several
 * become errors naming the candidates.
 */
export function resolvePlaces(index: PlaceIndex, written: string, field = 'spatial'): { codes: string[]; errors: FieldError[] } {
  const codes: string[] = [];
  const errors: FieldError[] = [];
  for (const line of written
    .split(/[\n;]/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const tail = /—\s*([0-9]{2,5})\s*$/.exec(line)?.[1] ?? (/^[0-9]{2,5}$/.test(line) ? line : undefined);
    if (tail && index.byCode.has(tail)) {
      if (!codes.includes(tail)) codes.push(tail);
      continue;
    }
    const found = findPlaces(index, line, 6);
    const exact = found.filter((p) => {
      const x = index.byCode.get(p.code)!;
      return x.bare === squash(line) || x.full === squash(line);
    });
    const only = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
    if (only) {
      if (!codes.includes(only.code)) codes.push(only.code);
    } else if (!found.length) {
      errors.push({ field, code: 'unknown_place', message_vi: `Không tìm thấy địa danh "${line}" trong danh mục đơn vị hành chính.`, message_en: `No administrative unit is named "${line}".` });
    } else {
      const list = found.map(placeText).join('; ');
      errors.push({ field, code: 'ambiguous_place', message_vi: `"${line}" khớp nhiều đơn vị, hãy chọn một: ${list}.`, message_en: `"${line}" matches several units, choose one: ${list}.` });
    }
  }
  return { codes, errors };
}
