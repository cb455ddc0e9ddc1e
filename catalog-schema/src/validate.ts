// ajv validators for every entity, compiled once (strict mode), with errors turned into
// {field, code, message_vi, message_en}.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CatalogValidationError, type FieldError } from './errors.ts';
import { entitySchema, schemaDocuments, type EntityName } from './schemas.ts';

// ajv-formats is CommonJS; its default export arrives wrapped in some loaders and bare in others.
type AddFormats = (ajv: Ajv2020, formats: string[]) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

interface Messages {
  vi: string;
  en: string;
}

/** Annotation keywords of the catalog schemas; they carry meaning for generators, not for validation. */
const annotationKeywords = ['x-collection', 'x-singleton', 'x-ref', 'x-o2m', 'x-vocabulary', 'x-codeList', 'x-messages'];

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, strictRequired: false });
  addFormats(ajv, ['date', 'date-time', 'email', 'uri']);
  for (const keyword of annotationKeywords) ajv.addKeyword({ keyword });
  ajv.addKeyword({
    keyword: 'x-dateOrder',
    type: 'object',
    schemaType: 'array',
    errors: true,
    validate: function dateOrder(keys: string[], data: Record<string, unknown>) {
      const [a, b] = keys.map((k) => data[k]);
      if (typeof a === 'string' && typeof b === 'string' && a > b) {
        (dateOrder as unknown as { errors: Partial<ErrorObject>[] }).errors = [
          { keyword: 'x-dateOrder', message: 'end before start', params: { start: keys[0], end: keys[1] } },
        ];
        return false;
      }
      return true;
    },
  });
  for (const doc of schemaDocuments) ajv.addSchema(doc);
  return ajv;
}

let ajvInstance: Ajv2020 | undefined;
const compiled = new Map<EntityName, ValidateFunction>();

function validatorFor(entity: EntityName): ValidateFunction {
  let fn = compiled.get(entity);
  if (!fn) {
    ajvInstance ??= createAjv();
    const id = entitySchema(entity).$id;
    fn = id ? ajvInstance.getSchema(id) : undefined;
    if (!fn) throw new Error(`No compiled schema for ${entity}`);
    compiled.set(entity, fn);
  }
  return fn;
}

/** Validates one record of an entity. Returns [] when valid. */
export function validateRecord(entity: EntityName, record: unknown): FieldError[] {
  const fn = validatorFor(entity);
  if (fn(record)) return [];
  return toFieldErrors(fn.errors ?? []);
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
};

function messagesFor(e: ErrorObject): { code: string } & Messages {
  const p = e.params as Record<string, unknown>;
  const custom = (e.parentSchema as Record<string, unknown> | undefined)?.['x-messages'] as Record<string, Messages> | undefined;
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
  const path = e.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
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
