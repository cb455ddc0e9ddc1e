/** One problem with one field of a record: data, not prose, so every layer can show it. */
export interface FieldError {
  /** Dotted path of the field: "title.vi", "dataDictionary.0.name"; "" for the record itself. */
  field: string;
  /** Stable machine code: required, too_short, invalid_format, not_in_vocabulary, unknown_reference… */
  code: string;
  message_vi: string;
  message_en: string;
}

/** Base class of the project's errors: an explicit name, a code and the original cause. */
export class OdpError extends Error {
  override name = 'OdpError';
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A record failed validation; `errors` says which fields and why, in Vietnamese and English. */
export class CatalogValidationError extends OdpError {
  override name = 'CatalogValidationError';
  readonly errors: FieldError[];
  readonly entity: string;
  constructor(entity: string, errors: FieldError[]) {
    super('CATALOG_VALIDATION_FAILED', `Dữ liệu không hợp lệ / Invalid ${entity}: ` + errors.map((e) => `${e.field || '(record)'}: ${e.message_vi} / ${e.message_en}`).join('; '));
    this.errors = errors;
    this.entity = entity;
  }
}
