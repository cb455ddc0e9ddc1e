// The form an agency fills in to describe an entry, read from the catalog schema: its sections and
// order (`x-form` on the entity), each question's label and hint (`x-label`, `x-help`) and the right
// control for each property's type. The portal's workspace renders it; no second copy of the model.
import { deref, entitySchema, isEntityName, vocabularyOf, type EntityName, type SchemaNode } from '../../catalog-schema/src/schemas.ts';

/** The control a property is edited with. */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'langText'
  | 'langTextarea'
  | 'keywords'
  | 'choice'
  | 'choices'
  | 'reference'
  | 'references'
  | 'codeList'
  | 'date'
  /** A moment (ServiceNotice start and end): typed in Vietnam time, stored as RFC 3339. */
  | 'datetime'
  | 'boolean'
  | 'integer'
  | 'url'
  /** A repeatable group of fields (legal documents). */
  | 'group'
  /** Rows of the same few fields (the data dictionary). */
  | 'table'
  | 'period';

export interface Label {
  vi: string;
  en: string;
}

export interface FormField {
  /** The property of the record. */
  name: string;
  /**
   * Prefix of the field's input names. At the top of a form it is the property; for a column of a
   * group or table it is relative to the row: the input is `<group path>.<row>.<column path>`.
   */
  path: string;
  kind: FieldKind;
  label: Label;
  help?: Label;
  /** The schema requires the property (for text in two languages: the Vietnamese one). */
  required: boolean;
  /** The values of a choice and their labels, in the vocabulary's order. */
  options?: { value: string; label: Label }[];
  /** The entity a picker chooses from (reference, references). */
  ref?: EntityName;
  /** The code list a codeList field takes its codes from. */
  codeList?: string;
  /** A codeList field that holds several codes. */
  multiple?: boolean;
  /** The columns of a group or table. */
  fields?: FormField[];
  maxItems?: number;
}

export interface FormSection {
  id: string;
  label: Label;
  fields: FormField[];
}

export interface FormModel {
  entity: EntityName;
  sections: FormSection[];
}

interface FormLayout {
  sections?: { id: string; label: Label; fields: string[] }[];
  layout?: 'table';
}

// The validator refuses line breaks in these (catalog-schema/src/validate.ts, oneLineOwners): one
// line is all they get. Every other text in two languages may span lines.
const oneLineTexts = new Set(['title', 'name', 'shortName', 'label', 'jobTitle']);

/**
 * The form of `entity`: the sections its schema's `x-form` lists, in order, without the properties
 * named in `omit` (what the caller sets itself). An entity without `x-form` gets one section with
 * every property a form can edit.
 */
export function formModel(entity: EntityName, opts: { omit?: string[] } = {}): FormModel {
  const doc = entitySchema(entity);
  const omit = new Set(opts.omit ?? []);
  const required = new Set(doc.required ?? []);
  const props = doc.properties ?? {};
  const layout = doc['x-form'] as FormLayout | undefined;
  const field = (name: string) => {
    const raw = props[name];
    if (!raw) throw new Error(`${entity}: x-form names ${name}, which is no property`);
    return fieldOf(name, name, raw, doc, required.has(name));
  };
  if (!layout?.sections) {
    const fields = Object.keys(props)
      .filter((name) => !omit.has(name))
      .flatMap((name) => field(name) ?? []);
    return { entity, sections: [{ id: 'main', label: { vi: entity, en: entity }, fields }] };
  }
  const sections = layout.sections.map((s) => ({
    id: s.id,
    label: s.label,
    fields: s.fields
      .filter((name) => !omit.has(name))
      .map((name) => {
        const f = field(name);
        if (!f) throw new Error(`${entity}: ${name} is in x-form but has no form control`);
        return f;
      }),
  }));
  return { entity, sections: sections.filter((s) => s.fields.length > 0) };
}

/** Every top-level field of a form, in order. */
export function formFields(model: FormModel): FormField[] {
  return model.sections.flatMap((s) => s.fields);
}

function labelOf(node: SchemaNode, name: string): Label {
  const l = node['x-label'] as Label | undefined;
  return l ?? { vi: name, en: name };
}

/** The field of property `name`, or undefined when no control fits it (children, checksums). */
function fieldOf(name: string, path: string, raw: SchemaNode, rawDoc: SchemaNode, required: boolean): FormField | undefined {
  const { node, doc } = deref(raw, rawDoc);
  if (node['x-o2m']) return undefined;
  const help = node['x-help'] as Label | undefined;
  const base = { name, path, label: labelOf(node, name), ...(help ? { help } : {}), required };
  const maxItems = typeof node.maxItems === 'number' ? { maxItems: node.maxItems } : {};

  if (typeof node['x-ref'] === 'string') return { ...base, kind: 'reference', ref: entityOf(node['x-ref']) };
  if (node.type === 'array' && node.items) {
    const item = deref(node.items, doc);
    if (typeof item.node['x-ref'] === 'string') return { ...base, kind: 'references', ref: entityOf(item.node['x-ref']), ...maxItems };
    if (item.node.enum) return { ...base, kind: 'choices', options: optionsOf(node, doc), ...maxItems };
    if (typeof node['x-codeList'] === 'string') return { ...base, kind: 'codeList', codeList: node['x-codeList'], multiple: true, ...maxItems };
    if (item.node.type === 'object' && item.node.properties) {
      const rowRequired = new Set(item.node.required ?? []);
      const fields = Object.entries(item.node.properties).flatMap(([col, colRaw]) => fieldOf(col, col, colRaw, item.doc, rowRequired.has(col)) ?? []);
      const table = (item.node['x-form'] as FormLayout | undefined)?.layout === 'table';
      return { ...base, kind: table ? 'table' : 'group', fields, ...maxItems };
    }
    return undefined;
  }
  if (node.enum) return { ...base, kind: 'choice', options: optionsOf(node, doc) };
  switch (node.title) {
    case 'LangString':
      return { ...base, kind: oneLineTexts.has(name) ? 'langText' : 'langTextarea' };
    case 'LangStringList': {
      const vi = node.properties?.vi;
      return { ...base, kind: 'keywords', ...(typeof vi?.maxItems === 'number' ? { maxItems: vi.maxItems } : {}) };
    }
    case 'PeriodOfTime':
      return { ...base, kind: 'period' };
  }
  switch (node.type) {
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'integer':
      return { ...base, kind: 'integer' };
    case 'string':
      if (typeof node['x-codeList'] === 'string') return { ...base, kind: 'codeList', codeList: node['x-codeList'] };
      if (node.format === 'date') return { ...base, kind: 'date' };
      if (node.format === 'date-time') return { ...base, kind: 'datetime' };
      if (node.format === 'http-url' || node.format === 'http-url-or-path') return { ...base, kind: 'url' };
      // What the validator keeps to one line (validate.ts isOneLine) is a text input; the rest a text area.
      return { ...base, kind: (typeof node.maxLength === 'number' && node.maxLength <= 255) || node.format || node.pattern ? 'text' : 'textarea' };
    default:
      return undefined;
  }
}

function entityOf(name: string): EntityName {
  if (!isEntityName(name)) throw new Error(`x-ref names ${name}, which is no entity`);
  return name;
}

function optionsOf(node: SchemaNode, doc: SchemaNode): { value: string; label: Label }[] {
  const vocab = vocabularyOf(node, doc);
  if (vocab) return Object.entries(vocab.terms).map(([value, t]) => ({ value, label: { vi: t.vi, en: t.en } }));
  const values = (node.type === 'array' && node.items ? deref(node.items, doc).node : node).enum ?? [];
  return values.map((v) => ({ value: String(v), label: { vi: String(v), en: String(v) } }));
}
