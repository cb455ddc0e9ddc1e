// A form's posted fields to a record and back, and a validation error to the input it belongs to.
// Input names are flat, so the form works as plain HTML: `title.vi`, `theme` (repeated),
// `temporal.start`, `legalBasis.0.title.vi`, `dataDictionary.2.name`.
import { normalizeRecord } from '../../catalog-schema/src/normalize.ts';
import { entitySchema } from '../../catalog-schema/src/schemas.ts';
import { formFields, type FormField, type FormModel } from './schema-form.ts';

type Posted = Map<string, string[]>;

const languages = ['vi', 'en'] as const;
const yes = new Set(['on', 'true', 'yes', '1']);
const no = new Set(['off', 'false', 'no', '0']);

/**
 * The record the posted fields describe: only the form's properties, an input left empty leaves its
 * property out, and every text is trimmed and NFC-normalised. What cannot be read as its type (an
 * integer written "12a") is kept as typed, so the validator names the field rather than the value
 * vanishing. Rows of a group or table left entirely empty are dropped and the rest numbered again
 * from 0: show the form again from this record (formValues) so error paths match the inputs.
 */
export function recordFromForm(model: FormModel, form: Iterable<[string, string]>): Record<string, unknown> {
  const posted: Posted = new Map();
  for (const [name, value] of form) {
    const list = posted.get(name);
    if (list) list.push(value);
    else posted.set(name, [value]);
  }
  const out: Record<string, unknown> = {};
  for (const f of formFields(model)) {
    const v = read(f, f.path, posted);
    if (v !== undefined) out[f.name] = v;
  }
  return normalizeRecord(out);
}

/** The last value given for `name`, trimmed, or undefined when empty (a hidden "false" before a checkbox is overridden by the checkbox). */
function one(posted: Posted, name: string): string | undefined {
  const values = (posted.get(name) ?? []).map((v) => v.trim()).filter(Boolean);
  return values.at(-1);
}

function all(posted: Posted, name: string, split?: RegExp): string[] {
  const values = posted.get(name) ?? [];
  return (split ? values.flatMap((v) => v.split(split)) : values).map((v) => v.trim()).filter(Boolean);
}

function read(f: FormField, name: string, posted: Posted): unknown {
  switch (f.kind) {
    case 'langText':
    case 'langTextarea':
      return nonEmpty(Object.fromEntries(languages.flatMap((l) => (one(posted, `${name}.${l}`) !== undefined ? [[l, one(posted, `${name}.${l}`)]] : []))));
    case 'keywords':
      return nonEmpty(
        Object.fromEntries(
          languages.flatMap((l) => {
            const words = all(posted, `${name}.${l}`, /[\n,]/);
            return words.length ? [[l, words]] : [];
          }),
        ),
      );
    case 'choices':
    case 'references':
      return nonEmptyList(all(posted, name));
    case 'codeList':
      // Codes hold no space or comma: one input may carry several.
      return f.multiple ? nonEmptyList(all(posted, name, /[\s,;]+/)) : one(posted, name);
    case 'integer': {
      const v = one(posted, name);
      return v !== undefined && /^[+-]?\d{1,15}$/.test(v) ? Number(v) : v;
    }
    case 'boolean': {
      const v = one(posted, name);
      if (v === undefined) return undefined;
      return yes.has(v.toLowerCase()) ? true : no.has(v.toLowerCase()) ? false : v;
    }
    case 'datetime': {
      const v = one(posted, name);
      return v === undefined ? undefined : vietnamTimeToIso(v);
    }
    case 'period':
      return nonEmpty(Object.fromEntries((['start', 'end'] as const).flatMap((k) => (one(posted, `${name}.${k}`) !== undefined ? [[k, one(posted, `${name}.${k}`)]] : []))));
    case 'group':
    case 'table': {
      const rows = rowIndexes(posted, name)
        .map((i) => {
          const row: Record<string, unknown> = {};
          for (const col of f.fields ?? []) {
            const v = read(col, `${name}.${i}.${col.path}`, posted);
            if (v !== undefined) row[col.name] = v;
          }
          return row;
        })
        // A row with nothing but unticked boxes (a hidden "false" each) is an empty row too.
        .filter((row) => Object.values(row).some((v) => v !== false));
      return nonEmptyList(rows);
    }
    default:
      return one(posted, name);
  }
}

function nonEmpty(o: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(o).length ? o : undefined;
}

function nonEmptyList<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

/** The row numbers posted for group `name`, in numeric order. */
function rowIndexes(posted: Posted, name: string): number[] {
  const prefix = `${name}.`;
  const found = new Set<number>();
  for (const key of posted.keys()) {
    if (!key.startsWith(prefix)) continue;
    const m = /^(\d{1,4})\./.exec(key.slice(prefix.length));
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

// Vietnam keeps UTC+7 all year (no daylight saving time).
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** A date and time typed without an offset (an `<input type="datetime-local">`) is Vietnam time. */
function vietnamTimeToIso(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(v);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+07:00` : v;
}

/** An instant as a `datetime-local` input shows it, in Vietnam time; what is no instant is shown as it is. */
function isoToVietnamTime(v: string): string {
  const ms = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(ms)) return v;
  const local = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
  return local.slice(17, 19) === '00' ? local.slice(0, 16) : local.slice(0, 19);
}

/** The inputs' values for `record`: one string an input, a list for the inputs of a multiple choice. */
export function formValues(model: FormModel, record: Record<string, unknown>): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const f of formFields(model)) write(f, f.path, record[f.name], out);
  return out;
}

const scalar = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

function write(f: FormField, name: string, value: unknown, out: Map<string, string | string[]>): void {
  if (value === undefined || value === null) return;
  const obj = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const set = (key: string, v: string | string[] | undefined) => {
    if (v !== undefined) out.set(key, v);
  };
  switch (f.kind) {
    case 'langText':
    case 'langTextarea':
      for (const l of languages) set(`${name}.${l}`, scalar(obj?.[l]));
      return;
    case 'keywords':
      for (const l of languages) {
        const words = obj?.[l];
        if (Array.isArray(words)) set(`${name}.${l}`, words.map(String).join('\n'));
      }
      return;
    case 'choices':
    case 'references':
      if (Array.isArray(value)) set(name, value.map(String));
      return;
    case 'codeList':
      set(name, Array.isArray(value) ? value.map(String) : scalar(value));
      return;
    case 'datetime':
      set(name, typeof value === 'string' ? isoToVietnamTime(value) : scalar(value));
      return;
    case 'period':
      for (const k of ['start', 'end']) set(`${name}.${k}`, scalar(obj?.[k]));
      return;
    case 'group':
    case 'table':
      if (!Array.isArray(value)) return;
      value.forEach((row: unknown, i) => {
        if (!row || typeof row !== 'object') return;
        for (const col of f.fields ?? []) write(col, `${name}.${i}.${col.path}`, (row as Record<string, unknown>)[col.name], out);
      });
      return;
    default:
      set(name, scalar(value));
  }
}

/**
 * The input a validation error belongs to, for its message beside the field and the summary's link.
 * `field` is a FieldError's path, dotted (`legalBasis.0.title`), as a JSON pointer
 * (`/legalBasis/0/title`) or with brackets (`legalBasis[0].title`); `code` tells an ordering error
 * (date_order) to point at the end date. A repeatable group as a whole answers with its path; an
 * error no input of this form holds (a property the caller sets itself, the record as a whole)
 * answers ''.
 */
export function errorInputName(model: FormModel, field: string, code?: string): string {
  const parts = segments(field);
  const fields = formFields(model);
  if (!parts.length) {
    // A rule between two properties of the record (ServiceNotice: start before expectedEnd).
    const order = entitySchema(model.entity)['x-dateOrder'];
    const end = code === 'date_order' && Array.isArray(order) ? fields.find((f) => f.name === order[1]) : undefined;
    return end ? inputOf(end, end.path, [], code) : '';
  }
  const f = fields.find((x) => x.name === parts[0]);
  return f ? inputOf(f, f.path, parts.slice(1), code) : '';
}

function segments(field: string): string[] {
  if (field.startsWith('/'))
    return field
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
}

function inputOf(f: FormField, name: string, rest: string[], code: string | undefined): string {
  const [next, ...after] = rest;
  switch (f.kind) {
    case 'langText':
    case 'langTextarea':
    case 'keywords':
      return `${name}.${next === 'en' ? 'en' : 'vi'}`;
    case 'period':
      return `${name}.${next === 'start' || next === 'end' ? next : code === 'date_order' ? 'end' : 'start'}`;
    case 'group':
    case 'table': {
      if (next === undefined || !/^\d+$/.test(next)) return name;
      const cols = f.fields ?? [];
      const col = cols.find((c) => c.name === after[0]) ?? cols[0];
      return col ? inputOf(col, `${name}.${next}.${col.path}`, col.name === after[0] ? after.slice(1) : [], code) : name;
    }
    default:
      return name;
  }
}
