// What the Data Studio's controls do with values, apart from drawing them: kept free of Vue so that
// unit tests read it directly.

/** A field inside a JSON value, as cms/src/directus-model.ts writes it into the interface's options. */
export interface SubField {
  field: string;
  name?: string;
  type: string;
  meta?: { translations?: { language: string; translation: string }[] | null; [key: string]: unknown } | null;
  [key: string]: unknown;
}

/** The Data Studio's language (`vi-VN`, `en-US`), which the app writes on the page's `<html lang>`. */
export function studioLanguage(lang: string | null | undefined): 'vi' | 'en' {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/** A sub-field with its name in the person's language, as Directus's own repeater names its columns. */
export function localized(field: SubField, locale: string): SubField {
  const t = field.meta?.translations?.find((x) => x.language === locale && x.translation);
  return { ...field, name: t?.translation ?? field.name ?? field.field };
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/**
 * An object value as it is stored: parts left empty are left out (the schemas allow no empty text and
 * no null), an object left empty is no value at all.
 */
export function cleanObject(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value ?? {})) {
    const kept = v !== null && typeof v === 'object' && !Array.isArray(v) ? cleanObject(v as Record<string, unknown>) : v;
    if (!isEmpty(kept)) out[k] = kept;
  }
  return Object.keys(out).length ? out : null;
}

/** Whether two JSON values are the same, whatever the order of their keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The name an item is shown by: a text in two languages in the person's language (Vietnamese when there is no English), else as it is. */
export function labelText(value: unknown, lang: 'vi' | 'en'): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const t = value as { vi?: unknown; en?: unknown };
    const text = lang === 'en' && typeof t.en === 'string' && t.en ? t.en : t.vi;
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

/** The choices of a picker: every item by name, sorted as Vietnamese sorts, and any stored id no longer found kept by its id. */
export function pickerItems(rows: { id: string; label?: unknown }[], lang: 'vi' | 'en', selected: readonly string[]): { text: string; value: string }[] {
  const items = rows.map((r) => ({ text: labelText(r.label, lang) ?? r.id, value: r.id }));
  for (const id of selected) if (!items.some((i) => i.value === id)) items.push({ text: id, value: id });
  return items.sort((a, b) => a.text.localeCompare(b.text, 'vi'));
}

/** UI text of the controls themselves, in the Data Studio's two languages. */
export const texts = {
  vi: {
    findPlace: 'Gõ tên phường, xã, tỉnh hoặc mã để thêm',
    noPlace: 'Không thấy đơn vị nào có tên này.',
    remove: 'Bỏ',
    loading: 'Đang tải danh mục…',
    loadFailed: 'Không tải được danh mục.',
    choose: 'Chọn…',
  },
  en: {
    findPlace: 'Type a ward, commune or province name, or a code, to add it',
    noPlace: 'No unit has that name.',
    remove: 'Remove',
    loading: 'Loading the list…',
    loadFailed: 'The list could not be loaded.',
    choose: 'Choose…',
  },
} as const;
