// ajv validators for every entity, compiled once (strict mode), with errors turned into
// {field, code, message_vi, message_en}.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CatalogValidationError, type FieldError } from './errors.ts';
import { canonicalHost, hostKind, hostKindLabel, isAllowed, parseIp, type AllowList, type HostKind } from './network-address.ts';
import { deref, entitySchema, schemaDocuments, type EntityName, type SchemaNode } from './schemas.ts';
import snapshotSchema from '../schemas/snapshot.schema.json' with { type: 'json' };

// ajv-formats is CommonJS; its default export arrives wrapped in some loaders and bare in others.
type AddFormats = (ajv: Ajv2020, formats: string[]) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

interface Messages {
  vi: string;
  en: string;
}

/**
 * Annotation keywords of the catalog schemas; they carry meaning for generators, not for validation.
 * x-label, x-help and x-form are what the agency workspace's form is made from (domain/form/).
 */
const annotationKeywords = ['x-collection', 'x-singleton', 'x-ref', 'x-o2m', 'x-vocabulary', 'x-codeList', 'x-messages', 'x-label', 'x-help', 'x-form'];

/** What a validation may be told: the operator's allow-list of internal hosts (ODP_FETCH_ALLOW). */
export interface ValidateOptions {
  allowedHosts?: AllowList;
}

function createAjv(): Ajv2020 {
  // passContext: the options of one validateRecord call reach the x-publicHost keyword as `this`.
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, strictRequired: false, passContext: true });
  addFormats(ajv, ['email', 'uri']);
  const rfc3986 = ajv.formats.uri as (s: string) => boolean;
  // Own date formats: ajv-formats accepts what Date then reads differently (a leap second, "24:00").
  ajv.addFormat('date', isIsoDate);
  ajv.addFormat('date-time', isIsoDateTime);
  ajv.addFormat('http-url', (s: string) => rfc3986(s) && isHttpUrl(s));
  ajv.addFormat('http-url-or-path', (s: string) => isPortalPath(s) || isHttpUrl(s));
  for (const keyword of annotationKeywords) ajv.addKeyword({ keyword });
  ajv.addKeyword({
    keyword: 'x-publicHost',
    type: 'string',
    schemaType: 'boolean',
    errors: true,
    validate: function publicHost(this: ValidateOptions | undefined, on: boolean, data: string) {
      const host = on ? linkHost(data) : undefined;
      if (!host) return true;
      const kind = hostKind(host.name);
      if (kind === 'public' || isAllowed(this?.allowedHosts ?? [], { host: host.name, address: parseIp(host.name), port: host.port })) return true;
      (publicHost as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: 'x-publicHost', message: 'not a public host', params: { host: host.name, kind } }];
      return false;
    },
  });
  ajv.addKeyword({
    keyword: 'x-dateOrder',
    type: 'object',
    schemaType: 'array',
    errors: true,
    validate: function dateOrder(keys: string[], data: Record<string, unknown>) {
      const [a, b] = keys.map((k) => data[k]);
      if (typeof a === 'string' && typeof b === 'string' && a > b) {
        (dateOrder as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: 'x-dateOrder', message: 'end before start', params: { start: keys[0], end: keys[1] } }];
        return false;
      }
      return true;
    },
  });
  for (const doc of schemaDocuments) ajv.addSchema(doc);
  ajv.addSchema(snapshotHeaderSchema);
  return ajv;
}

/**
 * The snapshot without the contents of the two members that grow with the catalog (the datasets and
 * their change history): only that they are a list and a map is checked. What a reader checks on
 * every read, in a time that does not depend on the number of datasets.
 */
const snapshotHeaderSchema: SchemaNode = {
  ...snapshotSchema,
  $id: snapshotSchema.$id.replace('snapshot.schema.json', 'snapshot-header.schema.json'),
  title: 'CatalogSnapshotHeader',
  properties: { ...snapshotSchema.properties, datasets: { type: 'array' }, history: { type: 'object' } },
};

let ajvInstance: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(entity: EntityName): ValidateFunction {
  const id = entitySchema(entity).$id;
  if (!id) throw new Error(`No compiled schema for ${entity}`);
  return validatorOf(id);
}

function validatorOf(id: string): ValidateFunction {
  let fn = compiled.get(id);
  if (!fn) {
    ajvInstance ??= createAjv();
    fn = ajvInstance.getSchema(id);
    if (!fn) throw new Error(`No compiled schema ${id}`);
    compiled.set(id, fn);
  }
  return fn;
}

/**
 * Validates one record of an entity. Returns [] when valid. Links to local or private hosts are
 * refused unless `o.allowedHosts` names them; text is checked for control characters and, in
 * one-line fields, for line breaks.
 */
export function validateRecord(entity: EntityName, record: unknown, o: ValidateOptions = {}): FieldError[] {
  const fn = validatorFor(entity);
  const errors = fn.call(o, record) ? [] : toFieldErrors(fn.errors ?? []);
  const text: FieldError[] = [];
  textErrors(record, entitySchema(entity), entitySchema(entity), [], '', text);
  const seen = new Set(errors.map((e) => e.field));
  return [...errors, ...text.filter((e) => !seen.has(e.field))];
}

/** Validates a whole catalog snapshot (snapshot.schema.json), every dataset included. Returns [] when valid. */
export function validateSnapshot(snapshot: unknown): FieldError[] {
  return snapshotErrors(validatorOf(snapshotSchema.$id), snapshot);
}

/** Validates a snapshot but for the contents of its datasets and history (see snapshotHeaderSchema). */
export function validateSnapshotHeader(snapshot: unknown): FieldError[] {
  return snapshotErrors(validatorOf(snapshotHeaderSchema.$id ?? ''), snapshot);
}

// Which hosts a link may point to is a rule of writing: the CMS refuses a private host unless the
// operator's allow-list names it. A reader of the snapshot has no allow-list, and each record was
// checked when it was written, so the snapshot checks leave that rule out.
const writeRules = new Set(['x-publicHost']);

function snapshotErrors(fn: ValidateFunction, snapshot: unknown): FieldError[] {
  if (fn(snapshot)) return [];
  return toFieldErrors((fn.errors ?? []).filter((e) => !writeRules.has(e.keyword)));
}

/** Like validateRecord, but throws CatalogValidationError listing every problem. */
export function assertValid(entity: EntityName, record: unknown): void {
  const errors = validateRecord(entity, record);
  if (errors.length) throw new CatalogValidationError(entity, errors);
}

const formatMessages: Record<string, Messages> = {
  date: { vi: 'Ngày không hợp lệ (định dạng YYYY-MM-DD).', en: 'Not a valid date (YYYY-MM-DD).' },
  'date-time': { vi: 'Thời điểm không hợp lệ (ISO 8601).', en: 'Not a valid date-time (ISO 8601).' },
  email: { vi: 'Địa chỉ thư điện tử không hợp lệ.', en: 'Not a valid e-mail address.' },
  uri: { vi: 'Đường dẫn (URL) không hợp lệ.', en: 'Not a valid URL.' },
  'http-url': {
    vi: 'Cần một URL http(s) đầy đủ, có tên máy chủ (vd. https://dulieu.example.gov.vn/trang).',
    en: 'Expected a full http(s) URL with a host name (e.g. https://data.example.gov.vn/page).',
  },
  'http-url-or-path': {
    vi: 'Cần một URL http(s) có tên máy chủ, hoặc một đường dẫn trên Cổng bắt đầu bằng một dấu "/".',
    en: 'Expected an http(s) URL with a host name, or a path on the portal starting with a single "/".',
  },
};

function messagesFor(e: ErrorObject): { code: string } & Messages {
  const p = e.params as Record<string, unknown>;
  const custom = e.parentSchema?.['x-messages'] as Record<string, Messages> | undefined;
  const own = custom?.[e.keyword];
  switch (e.keyword) {
    case 'required':
      return { code: 'required', vi: 'Trường này là bắt buộc.', en: 'This field is required.' };
    case 'additionalProperties':
      return { code: 'unknown_field', vi: 'Trường này không có trong lược đồ dữ liệu.', en: 'This field is not part of the schema.' };
    case 'type':
      return { code: 'invalid_type', vi: `Sai kiểu dữ liệu: cần ${typeVi(String(p.type))}.`, en: `Wrong type: expected ${String(p.type)}.` };
    case 'minLength':
      return p.limit === 1
        ? { code: 'required', vi: 'Trường này không được để trống.', en: 'This field must not be empty.' }
        : { code: 'too_short', vi: `Quá ngắn: cần ít nhất ${String(p.limit)} ký tự.`, en: `Too short: at least ${String(p.limit)} characters.` };
    case 'maxLength':
      return { code: 'too_long', vi: `Quá dài: tối đa ${String(p.limit)} ký tự.`, en: `Too long: at most ${String(p.limit)} characters.` };
    case 'pattern':
      return { code: 'invalid_format', ...(own ?? patternMessages(String(p.pattern))) };
    case 'format':
      return { code: 'invalid_format', ...(formatMessages[String(p.format)] ?? { vi: 'Sai định dạng.', en: 'Invalid format.' }) };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).join(', ');
      return { code: 'not_in_vocabulary', vi: `Giá trị không có trong danh mục (${allowed}).`, en: `Value not in the vocabulary (${allowed}).` };
    }
    case 'const':
      return { code: 'invalid_value', ...(own ?? { vi: `Giá trị phải là ${JSON.stringify(p.allowedValue)}.`, en: `Value must be ${JSON.stringify(p.allowedValue)}.` }) };
    case 'minItems':
      return { code: 'too_few', vi: `Cần ít nhất ${String(p.limit)} giá trị.`, en: `At least ${String(p.limit)} value(s) required.` };
    case 'maxItems':
      return { code: 'too_many', vi: `Tối đa ${String(p.limit)} giá trị.`, en: `At most ${String(p.limit)} values.` };
    case 'uniqueItems':
      return { code: 'duplicate', vi: 'Có giá trị bị lặp.', en: 'Values must not repeat.' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'out_of_range', vi: `Giá trị nằm ngoài khoảng cho phép (${String(p.comparison)} ${String(p.limit)}).`, en: `Value out of range (${String(p.comparison)} ${String(p.limit)}).` };
    case 'x-publicHost': {
      const where = hostKindLabel(p.kind as HostKind);
      return {
        code: 'private_address',
        vi: `Liên kết trỏ tới "${String(p.host)}", là ${where.vi}: người dùng không mở được và Cổng không gọi tới địa chỉ này. Hãy dùng địa chỉ công khai, hoặc nhờ quản trị viên cho phép máy chủ nội bộ này.`,
        en: `The link points to "${String(p.host)}", ${where.en}: people cannot open it and the portal does not call it. Use a public address, or ask the administrator to allow this internal server.`,
      };
    }
    case 'x-dateOrder':
      return { code: 'date_order', vi: 'Ngày kết thúc phải sau ngày bắt đầu.', en: 'The end date must not be before the start date.' };
    case 'anyOf':
      return { code: 'required', vi: 'Cần nhập ít nhất một giá trị.', en: 'At least one value is required.' };
    default:
      return { code: 'invalid_value', vi: 'Giá trị không hợp lệ.', en: 'Invalid value.' };
  }
}

function typeVi(t: string): string {
  return ({ string: 'chuỗi ký tự', integer: 'số nguyên', number: 'số', boolean: 'đúng/sai', object: 'đối tượng', array: 'danh sách' } as Record<string, string>)[t] ?? t;
}

function patternMessages(pattern: string): Messages {
  if (pattern.startsWith('^[a-z0-9]+')) {
    return { vi: 'Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang (vd. du-lieu-giao-thong).', en: 'Use lowercase ASCII letters, digits and hyphens only (e.g. traffic-data).' };
  }
  if (pattern.includes('https?')) return { vi: 'Cần một URL http(s) hoặc đường dẫn bắt đầu bằng "/".', en: 'Expected an http(s) URL or a path starting with "/".' };
  if (pattern.includes('[0-9 .()-]')) return { vi: 'Số điện thoại không hợp lệ.', en: 'Not a valid phone number.' };
  return { vi: 'Sai định dạng.', en: 'Invalid format.' };
}

function fieldOf(e: ErrorObject): string {
  const path = e.instancePath
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') path.push(String(p.missingProperty));
  if (e.keyword === 'additionalProperties') path.push(String(p.additionalProperty));
  return path.join('.');
}

// Wrapper errors that only say "a subschema failed"; the subschema's own errors say more.
const wrappers = new Set(['if', 'allOf', 'then', 'else']);

function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (wrappers.has(e.keyword)) continue;
    const m = messagesFor(e);
    const field = fieldOf(e);
    const key = `${field}\u0000${m.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, code: m.code, message_vi: m.vi, message_en: m.en });
  }
  return out;
}

const daysInMonth = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

const dateTimeText = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * Whether an ISO 8601 text (a date, or a date and time, with or without an offset) names a day and
 * a time that exist. JavaScript's Date reads 2026-02-30 as 2 March and 24:00 as the next day; a
 * value it would move is refused, never stored moved.
 */
export function isCalendarDateTime(text: string): boolean {
  const m = dateTimeText.exec(text);
  if (!m) return false;
  const [y, mo, d, h = 0, mi = 0, sec = 0, , oh = 0, om = 0] = m.slice(1).map((x) => (x === undefined || /^[Zz]$/.test(x) ? undefined : Number(x)));
  return mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysInMonth(y!, mo!) && h <= 23 && mi <= 59 && sec <= 59 && oh <= 23 && om <= 59;
}

/** A calendar date, YYYY-MM-DD, that exists. */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isCalendarDateTime(text);
}

/** An instant as RFC 3339 writes it (date, time and offset) that exists. */
export function isIsoDateTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/.test(text) && isCalendarDateTime(text);
}

// C0 and C1 controls but tab, line feed and carriage return, the two non-characters U+FFFE/U+FFFF,
// and half of a surrogate pair: none is allowed in XML 1.0, none can be written as UTF-8.
// eslint-disable-next-line no-control-regex -- finding control characters is what this is for
const controlOrBroken = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const lineBreak = /[\t\n\r\u2028\u2029]/;

/**
 * An absolute http(s) URL with a host: "http://" alone, "http:///path" and other schemes are
 * refused, and so is any control character or white space (browsers drop some silently).
 */
function isHttpUrl(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- finding control characters is what this is for
  if (!/^https?:\/\/[^/?#\\\s]/.test(s) || /[\s\u0000-\u001f\u007f-\u009f]/.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A path on the portal: one "/" first ("//host" and "/\\host" are other hosts to a browser). */
function isPortalPath(s: string): boolean {
  return /^\/(?![/\\])[^\s]*$/.test(s) && !controlOrBroken.test(s);
}

/** The host and port a link leads to; undefined for a path on the portal or no URL at all. */
function linkHost(s: string): { name: string; port: number } | undefined {
  // A link that is no URL is the format's to name.
  if (!isHttpUrl(s)) return undefined;
  try {
    const u = new URL(s);
    if (!u.hostname) return undefined;
    return { name: canonicalHost(u.hostname), port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80 };
  } catch {
    return undefined;
  }
}

// Text shown as one line (headings, links, feed titles, keywords) takes no line break or tab; long
// texts (descriptions, notes) may have both. Which is which: a LangString named like a title, or a
// string the schema keeps short (what the CMS shows as a one-line input) or gives a format.
const oneLineOwners = new Set(['title', 'name', 'shortName', 'label', 'jobTitle']);
const languageKeys = new Set(['vi', 'en']);

/** Whether text at `owner` (a property name) must stay on one line; the CMS gives it a one-line input. */
export function isOneLine(node: SchemaNode | undefined, owner: string): boolean {
  if (oneLineOwners.has(owner)) return true;
  if (!node) return false;
  return (typeof node.maxLength === 'number' && node.maxLength <= 255) || node.format !== undefined || node.pattern !== undefined;
}

type Located = { node: SchemaNode; doc: SchemaNode };

function resolved(node: SchemaNode | undefined, doc: SchemaNode): Located | undefined {
  return node ? deref(node, doc) : undefined;
}

/** The schema of member `key` of an object schema, looking into allOf/anyOf/oneOf/then/else too. */
function memberSchema(at: Located | undefined, key: string): Located | undefined {
  if (!at) return undefined;
  const direct = at.node.properties?.[key];
  if (direct) return resolved(direct, at.doc);
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    for (const sub of (at.node[k] as SchemaNode[] | undefined) ?? []) {
      const hit = memberSchema(resolved(sub, at.doc), key);
      if (hit) return hit;
    }
  }
  for (const k of ['then', 'else']) {
    const hit = memberSchema(resolved(at.node[k] as SchemaNode | undefined, at.doc), key);
    if (hit) return hit;
  }
  const extra = at.node.additionalProperties;
  return extra && typeof extra === 'object' ? resolved(extra as SchemaNode, at.doc) : undefined;
}

function textError(field: string, s: string, oneLine: boolean): FieldError | undefined {
  const bad = controlOrBroken.exec(s);
  if (bad) {
    const cp = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      field,
      code: 'control_character',
      message_vi: `Có ký tự điều khiển hoặc ký tự không hợp lệ (${cp}) ở vị trí ${bad.index + 1}; hãy xoá ký tự này.`,
      message_en: `Contains a control or invalid character (${cp}) at position ${bad.index + 1}; remove it.`,
    };
  }
  if (oneLine && lineBreak.test(s)) {
    return { field, code: 'line_break', message_vi: 'Trường này chỉ có một dòng: không xuống dòng, không dùng ký tự tab.', message_en: 'This field is a single line: no line breaks or tabs.' };
  }
  return undefined;
}

/**
 * Control characters anywhere in a record (object keys included) and line breaks in one-line text:
 * a NUL stored once made the RDF/XML and Atom exports not well-formed XML and put NUL bytes in pages.
 */
function textErrors(value: unknown, node: SchemaNode | undefined, doc: SchemaNode, path: string[], owner: string, out: FieldError[]): void {
  const at = resolved(node, doc);
  if (typeof value === 'string') {
    const e = textError(path.join('.'), value, isOneLine(at?.node, owner));
    if (e) out.push(e);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => textErrors(v, at?.node.items, at?.doc ?? doc, [...path, String(i)], owner, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyError = textError([...path, k].join('.'), k, true);
      if (keyError) out.push(keyError);
      const member = memberSchema(at, k);
      textErrors(v, member?.node, member?.doc ?? doc, [...path, k], languageKeys.has(k) ? owner : k, out);
    }
  }
}
