// UI text in Vietnamese (default, at /) and English (under /en/). Strings live in
// site/src/i18n/{vi,en}.json as flat dotted keys; components never hard-code UI text.
import en from '../i18n/en.json' with { type: 'json' };
import vi from '../i18n/vi.json' with { type: 'json' };
import type { LangString, LangStringList } from '../../../catalog-schema/generated/types.ts';
import { vocabulary } from '../../../catalog-schema/src/schemas.ts';

export const languages = ['vi', 'en'] as const;
export type Lang = (typeof languages)[number];
export type UiKey = keyof typeof vi;

/** The language at the root of the site; every other one lives under /<lang>/. */
export const defaultLang: Lang = 'vi';

const dictionaries: Record<Lang, Record<string, string>> = { vi, en };

export function isLang(x: unknown): x is Lang {
  return (languages as readonly unknown[]).includes(x);
}

/** The `[...lang]` route parameter of a language: none for Vietnamese (/datasets/), "en" for English (/en/datasets/). */
export function langParam(lang: Lang): string | undefined {
  return lang === defaultLang ? undefined : lang;
}

/**
 * The language a `[...lang]` route parameter names, or undefined when it names none: server routes
 * answer with the 404 page then (/vi/search/ is not a page either: Vietnamese has no prefix).
 */
export function langOfParam(param: string | undefined): Lang | undefined {
  if (param === undefined) return defaultLang;
  return isLang(param) && param !== defaultLang ? param : undefined;
}

/** The UI string `key` in `lang`, with {name} placeholders filled in. Unknown keys throw (a test checks both files). */
export function t(lang: Lang, key: UiKey, params: Record<string, string | number> = {}): string {
  const s = dictionaries[lang][key] ?? dictionaries.vi[key];
  if (s === undefined) throw new Error(`Missing UI string ${key}`);
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A translator bound to one language. */
export function translator(lang: Lang): (key: UiKey, params?: Record<string, string | number>) => string {
  return (key, params) => t(lang, key, params);
}

/** Text of a catalog LangString in `lang`, falling back to Vietnamese (always present). */
export function text(value: LangString | undefined, lang: Lang): string {
  if (!value) return '';
  return (lang === 'en' && value.en?.trim() ? value.en : value.vi) ?? '';
}

/** Whether the English text is a fallback to Vietnamese (the page marks it with lang="vi"). */
export function textLang(value: LangString | undefined, lang: Lang): Lang {
  return lang === 'en' && !value?.en?.trim() ? 'vi' : lang;
}

export function keywords(value: LangStringList | undefined, lang: Lang): string[] {
  if (!value) return [];
  return lang === 'en' && value.en?.length ? value.en : value.vi;
}

/** Label of a vocabulary term (DataKind, AccessLevel, Frequency, License, FileFormat…). */
export function term(vocab: string, code: string | undefined, lang: Lang): string {
  if (!code) return '';
  const entry = vocabulary(vocab)[code];
  return entry ? entry[lang] : code;
}

export function termInfo(vocab: string, code: string): Record<string, unknown> | undefined {
  return vocabulary(vocab)[code];
}

/** Path of a page in `lang`: "/datasets/x/" in Vietnamese, "/en/datasets/x/" in English. */
export function localePath(lang: Lang, p: string): string {
  const clean = p.startsWith('/') ? p : `/${p}`;
  const prefix = langParam(lang);
  return prefix === undefined ? clean : `/${prefix}${clean}`;
}

/** The language prefix of a path ("en" of "/en/datasets/"), if it has one. */
function prefixOf(pathname: string): Lang | undefined {
  const first = pathname.split('/')[1] ?? '';
  return first === defaultLang || !isLang(first) ? undefined : first;
}

/** The same page in the other language. */
export function switchPath(pathname: string, to: Lang): string {
  const prefix = prefixOf(pathname);
  const bare = prefix === undefined ? pathname : pathname.slice(prefix.length + 1) || '/';
  return localePath(to, bare);
}

export function langOfPath(pathname: string): Lang {
  return prefixOf(pathname) ?? defaultLang;
}

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

/** A calendar date (YYYY-MM-DD or an ISO date-time) as people write it: 23/11/2026, 23 Nov 2026. */
export function formatDate(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormats[lang].format(d);
}

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh', timeZoneName: 'short' }),
};

/** An instant in Vietnam time, as people write it: "22:00 22/09/2026", "22 Sept 2026, 22:00 GMT+7". */
export function formatDateTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormats[lang].format(d);
}

const numberFormats: Record<Lang, Intl.NumberFormat> = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

export function formatNumber(n: number, lang: Lang): string {
  return numberFormats[lang].format(n);
}

/** File size in bytes as kB/MB with the language's decimal separator. */
export function formatBytes(n: number | undefined, lang: Lang): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : 1;
  return `${byteFormats[lang][digits]!.format(v)} ${units[u]}`;
}

// Built once: an Intl.NumberFormat costs far more to create than to use, and a build formats
// file sizes on every dataset page.
const byteFormats: Record<Lang, Intl.NumberFormat[]> = {
  vi: [0, 1].map((d) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: d, minimumFractionDigits: d })),
  en: [0, 1].map((d) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d })),
};
