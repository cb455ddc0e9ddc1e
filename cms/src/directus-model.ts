// The Directus collections, fields and relations, generated from catalog-schema. Nothing here
// names a catalog field by hand: change a JSON Schema and the CMS follows on the next apply.
// What people read in the Data Studio comes from the schemas too: each collection's and field's name in
// Vietnamese and English (`x-label`), the hint under a field (`x-help`, else `description`), the
// sections of the form and their order (`x-form`). Every value a person fills in gets a control made
// for it, never a code editor: text in two languages as two inputs, keywords as two tag lists, places
// chosen by name, references by the related item's name, repeated groups (legal documents, the data
// dictionary) as Directus's repeater. The controls Directus lacks come from the project's interface
// extension (cms/extensions/odp-interfaces, interface `odp-field`).
import { propertiesOf, type PropertyInfo } from '../../catalog-schema/src/model.ts';
import { collectionOf, deref, entityNames, entitySchema, isEntityName, vocabularyOf, type EntityName, type SchemaNode } from '../../catalog-schema/src/schemas.ts';
import { isOneLine } from '../../catalog-schema/src/validate.ts';
import { ADMIN_UNITS_CODE_LIST } from '../../domain/places.ts';

export interface CollectionDef {
  collection: string;
  meta: Record<string, unknown>;
}
export interface FieldDef {
  collection: string;
  field: string;
  type: string;
  meta: Record<string, unknown>;
  schema: Record<string, unknown> | null;
}
export interface RelationDef {
  collection: string;
  field: string;
  related_collection: string;
  meta: Record<string, unknown>;
  schema: Record<string, unknown> | null;
}
export interface DirectusModel {
  collections: CollectionDef[];
  fields: FieldDef[];
  relations: RelationDef[];
}

/** A field inside a JSON value (a column of a repeater, a part of an object), as Directus's forms take it. */
export interface SubFieldDef {
  field: string;
  name: string;
  type: string;
  meta: Record<string, unknown>;
  schema?: Record<string, unknown>;
}

export interface Label {
  vi: string;
  en: string;
}

/** The Data Studio's languages: Vietnamese by default (directus_settings.default_language), English per person. */
export const studioLanguages = { vi: 'vi-VN', en: 'en-US' } as const;

/** The interface of the project's extension (cms/extensions/odp-interfaces). */
export const odpInterface = 'odp-field';

/** Alias fields that group a form's sections are named `section_<x-form section id>`. */
export const sectionPrefix = 'section_';

const icons: Record<EntityName, string> = {
  Catalog: 'menu_book',
  Agent: 'account_balance',
  ContactPoint: 'contact_mail',
  Theme: 'category',
  Dataset: 'dataset',
  Distribution: 'download',
  DataService: 'api',
  CodeList: 'list',
  CodeListEntry: 'label',
  ServiceNotice: 'campaign',
  InformationSystem: 'hub',
  DataRequest: 'feedback',
  ConnectionRequest: 'cable',
};

/** The order of the Data Studio's navigation: what a reviewer opens most comes first. */
const navigation: EntityName[] = [
  'Dataset',
  'Distribution',
  'DataService',
  'ServiceNotice',
  'DataRequest',
  'ConnectionRequest',
  'InformationSystem',
  'Agent',
  'ContactPoint',
  'Theme',
  'Catalog',
  'CodeList',
  'CodeListEntry',
];

/** The two parts of text written in two languages (LangString, LangStringList) carry no label of their own. */
const languageLabels: Record<string, Label> = {
  vi: { vi: 'Tiếng Việt', en: 'Vietnamese' },
  en: { vi: 'Tiếng Anh', en: 'English' },
};

export function translations(l: Label): { language: string; translation: string }[] {
  return [
    { language: studioLanguages.vi, translation: l.vi },
    { language: studioLanguages.en, translation: l.en },
  ];
}

function isLabel(v: unknown): v is Label {
  return typeof v === 'object' && v !== null && typeof (v as Label).vi === 'string' && typeof (v as Label).en === 'string';
}

/** A property's label: its `x-label`, else the label of what it refers to; the name itself only when the schema has none (a test fails then). */
function labelOf(name: string, raw: SchemaNode, node: SchemaNode): Label {
  for (const l of [raw['x-label'], node['x-label'], languageLabels[name]]) if (isLabel(l)) return l;
  return { vi: name, en: name };
}

/** The hint under a field: `x-help` in both languages, else the schema's description. */
function noteOf(raw: SchemaNode, node: SchemaNode): string | null {
  const help = raw['x-help'] ?? node['x-help'];
  if (isLabel(help)) return `${help.vi} / ${help.en}`;
  return raw.description ?? null;
}

/** The field naming an entry in lists and relations: its title, name, label or code. */
function mainField(entity: EntityName): string {
  const names = propertiesOf(entity).map((p) => p.name);
  return ['title', 'name', 'label', 'code'].find((n) => names.includes(n)) ?? 'id';
}

/**
 * The display template of an entity. A text in two languages is JSON, and Directus asks for no key
 * inside a JSON field (`{{name.vi}}` comes back empty): the template names the whole field, and the
 * field's own display (formatted-json-value `{{vi}}`) shows its Vietnamese text.
 */
function displayTemplate(entity: EntityName): string {
  return `{{${mainField(entity)}}}`;
}

function choicesOf(terms: Record<string, { vi: string; en: string }>): { text: string; value: string }[] {
  return Object.entries(terms).map(([value, t]) => ({ text: t.vi === t.en ? t.vi : `${t.vi} (${t.en})`, value }));
}

/** How a value shows in lists and templates, when Directus's own display would show raw JSON. */
function jsonDisplay(node: SchemaNode): { display: string; display_options: Record<string, unknown> } | undefined {
  switch (node.title) {
    case 'LangString':
    case 'LangStringList':
      return { display: 'formatted-json-value', display_options: { format: '{{vi}}' } };
    case 'PeriodOfTime':
      return { display: 'formatted-json-value', display_options: { format: '{{start}} – {{end}}' } };
    default:
      return undefined;
  }
}

/** The control of a value: its column type, interface and options. */
interface Control {
  type: string;
  interface: string;
  options: Record<string, unknown> | null;
  special: string[] | null;
  width: 'half' | 'full';
  display?: string | null;
  display_options?: Record<string, unknown> | null;
}

function codeListId(name: string): string {
  // The schemas name the administrative units by what they are; the CMS holds them as this year's list.
  return name === 'vn-admin-units' ? ADMIN_UNITS_CODE_LIST : name;
}

function referencePicker(ref: string, multiple: boolean): Control {
  if (!isEntityName(ref)) throw new Error(`x-ref names ${ref}, which is no entity`);
  const labelField = mainField(ref);
  const langLabel = propertiesOf(ref).find((p) => p.name === labelField)?.shape === 'LangString';
  return {
    type: multiple ? 'json' : 'string',
    interface: odpInterface,
    options: { kind: 'references', related: collectionOf(ref), labelField, langLabel, multiple },
    special: multiple ? ['cast-json'] : null,
    width: 'half',
    display: multiple ? 'labels' : null,
    display_options: null,
  };
}

/**
 * The control of a value by its schema, for the parts of JSON values (and top-level JSON fields): the
 * column types of top-level fields come from catalog-schema/src/model.ts and never change here.
 */
function controlOf(name: string, raw: SchemaNode, rawDoc: SchemaNode, required: boolean): Control {
  const { node, doc } = deref(raw, rawDoc);
  const vocab = vocabularyOf(raw, rawDoc);
  if (typeof node['x-ref'] === 'string') return referencePicker(node['x-ref'], false);
  if (node.type === 'array' && node.items) {
    const item = deref(node.items, doc);
    if (typeof item.node['x-ref'] === 'string') return referencePicker(item.node['x-ref'], true);
    if (vocab || item.node.enum) {
      const choices = vocab ? choicesOf(vocab.terms) : (item.node.enum ?? []).map((v) => ({ text: String(v), value: String(v) }));
      return { type: 'json', interface: 'select-multiple-dropdown', options: { choices }, special: ['cast-json'], width: 'half', display: 'labels', display_options: { choices } };
    }
    if (typeof node['x-codeList'] === 'string') {
      return { type: 'json', interface: odpInterface, options: { kind: 'codes', codeList: codeListId(node['x-codeList']), multiple: true }, special: ['cast-json'], width: 'full' };
    }
    if (item.node.type === 'object' && item.node.properties) {
      const fields = subFields(item.node, item.doc, true);
      return { type: 'json', interface: 'list', options: { fields, template: rowTemplate(fields), addLabel: null }, special: ['cast-json'], width: 'full' };
    }
    return { type: 'json', interface: 'tags', options: null, special: ['cast-json'], width: 'half' };
  }
  if (vocab || node.enum) {
    const choices = vocab ? choicesOf(vocab.terms) : (node.enum ?? []).map((v) => ({ text: String(v), value: String(v) }));
    return { type: 'string', interface: 'select-dropdown', options: { choices }, special: null, width: 'half', display: 'labels', display_options: { choices } };
  }
  if (node.type === 'object') {
    // A document in a format of its own (an OpenAPI description) is the one thing edited as code.
    if (!node.properties) return { type: 'json', interface: 'input-code', options: { language: 'JSON', lineNumber: true }, special: ['cast-json'], width: 'full' };
    return { type: 'json', interface: odpInterface, options: { kind: 'object', fields: subFields(node, doc, required, name) }, special: ['cast-json'], width: 'full', ...jsonDisplay(node) };
  }
  switch (node.type) {
    case 'boolean':
      return { type: 'boolean', interface: 'boolean', options: { label: 'Có / Yes' }, special: ['cast-boolean'], width: 'half' };
    case 'integer':
      return { type: 'integer', interface: 'input', options: null, special: null, width: 'half' };
    case 'number':
      return { type: 'float', interface: 'input', options: null, special: null, width: 'half' };
    default:
      if (node.format === 'date') return { type: 'date', interface: 'datetime', options: null, special: null, width: 'half' };
      if (node.format === 'date-time') return { type: 'timestamp', interface: 'datetime', options: null, special: ['cast-timestamp'], width: 'half' };
      return isOneLine(node, name)
        ? { type: 'string', interface: 'input', options: null, special: null, width: 'half' }
        : { type: 'text', interface: 'input-multiline', options: null, special: null, width: 'full' };
  }
}

/**
 * The parts of an object value as fields of a form. `owner` is the property holding a text in two
 * languages: a title's two languages sit side by side on one line each, a description's one under the other.
 */
function subFields(node: SchemaNode, doc: SchemaNode, parentRequired: boolean, owner?: string): SubFieldDef[] {
  const required = new Set(node.required ?? []);
  const langOwner = node.title === 'LangString' || node.title === 'LangStringList' ? owner : undefined;
  return Object.entries(node.properties ?? {}).map(([name, raw]) => {
    const { node: target } = deref(raw, doc);
    const label = labelOf(name, raw, target);
    const c = langOwner !== undefined && node.title === 'LangString' ? langPart(langOwner) : controlOf(name, raw, doc, parentRequired && required.has(name));
    const width = node.title === 'LangStringList' || (node.title === 'LangString' && isOneLine(undefined, langOwner ?? '')) ? 'half' : c.width;
    return {
      field: name,
      name: label.vi,
      type: c.type,
      meta: {
        interface: c.interface,
        options: c.options,
        ...(c.special ? { special: c.special } : {}),
        ...(c.display ? { display: c.display, display_options: c.display_options ?? null } : {}),
        width,
        required: parentRequired && required.has(name),
        note: noteOf(raw, target),
        translations: translations(label),
      },
    };
  });
}

/** One language of a text in two languages: one line for titles and names, several for the rest. */
function langPart(owner: string): Control {
  return isOneLine(undefined, owner)
    ? { type: 'string', interface: 'input', options: null, special: null, width: 'half' }
    : { type: 'text', interface: 'input-multiline', options: null, special: null, width: 'full' };
}

/** A repeater row's summary: its first two parts, the Vietnamese of a text in two languages. */
function rowTemplate(fields: SubFieldDef[]): string {
  return fields
    .slice(0, 2)
    .map((f) => ((f.meta.options as { kind?: string } | null)?.kind === 'object' && f.meta.display === 'formatted-json-value' ? `{{${f.field}.vi}}` : `{{${f.field}}}`))
    .join(' · ');
}

interface Placement {
  group: string | null;
  sort: number;
}

/** The sections of `x-form` and where each property goes: ungrouped ones first, then the sections in order, one-to-many lists last. */
function layout(entity: EntityName): { sections: { field: string; label: Label; sort: number }[]; placement: Map<string, Placement> } {
  const doc = entitySchema(entity);
  const form = doc['x-form'] as { sections?: { id: string; label: Label; fields: string[] }[] } | undefined;
  const sections = form?.sections ?? [];
  const inSection = new Map<string, string>();
  for (const s of sections) for (const f of s.fields) inSection.set(f, `${sectionPrefix}${s.id}`);
  const props = propertiesOf(entity);
  const placement = new Map<string, Placement>();
  let sort = 1;
  for (const p of props) if (!inSection.has(p.name) && p.kind !== 'children') placement.set(p.name, { group: null, sort: sort++ });
  const groups = sections.map((s) => ({ field: `${sectionPrefix}${s.id}`, label: s.label, sort: sort++ }));
  for (const s of sections) s.fields.forEach((f, i) => placement.set(f, { group: `${sectionPrefix}${s.id}`, sort: i + 1 }));
  for (const p of props) if (p.kind === 'children') placement.set(p.name, { group: null, sort: sort++ });
  return { sections: groups, placement };
}

function field(entity: EntityName, collection: string, p: PropertyInfo, at: Placement): FieldDef {
  const doc = entitySchema(entity);
  const raw = doc.properties?.[p.name] ?? {};
  const { node } = deref(raw, doc);
  const label = labelOf(p.name, raw, node);
  const meta = {
    interface: 'input',
    options: null as unknown,
    special: null as unknown,
    note: noteOf(raw, node),
    required: p.required,
    sort: at.sort,
    group: at.group,
    width: 'full',
    hidden: false,
    // What the CMS records itself (when an entry was sent for review, its score then) is shown, not edited.
    readonly: p.readOnly === true,
    display: null as unknown,
    display_options: null as unknown,
    translations: translations(label),
  };
  const nullable = { is_nullable: true };
  switch (p.kind) {
    case 'id':
      return {
        collection,
        field: p.name,
        type: 'string',
        meta: {
          ...meta,
          note: meta.note ?? 'Chữ thường không dấu, chữ số và dấu gạch ngang / Lowercase letters, digits and hyphens.',
          width: 'half',
        },
        schema: { is_primary_key: true, has_auto_increment: false, max_length: 100, is_nullable: false },
      };
    case 'string':
      return { collection, field: p.name, type: 'string', meta: { ...meta, width: 'half' }, schema: { ...nullable, max_length: p.maxLength ?? 255 } };
    case 'text':
      // A link or a phone number is kept in a long column but read and typed as one line.
      return isOneLine(node, p.name)
        ? { collection, field: p.name, type: 'text', meta: { ...meta, width: 'half' }, schema: nullable }
        : { collection, field: p.name, type: 'text', meta: { ...meta, interface: 'input-multiline' }, schema: nullable };
    case 'integer':
      return { collection, field: p.name, type: 'bigInteger', meta: { ...meta, width: 'half' }, schema: nullable };
    case 'number':
      return { collection, field: p.name, type: 'float', meta: { ...meta, width: 'half' }, schema: nullable };
    case 'boolean':
      return { collection, field: p.name, type: 'boolean', meta: { ...meta, interface: 'boolean', special: ['cast-boolean'], options: { label: 'Có / Yes' }, width: 'half' }, schema: nullable };
    case 'date':
      return { collection, field: p.name, type: 'date', meta: { ...meta, interface: 'datetime', width: 'half' }, schema: nullable };
    case 'datetime':
      // SQLite has no time-zone column: Directus marks its timestamps "cast-timestamp" to read them back
      // as UTC instants (without the flag they return without a zone and read back as dateTime).
      return { collection, field: p.name, type: 'timestamp', meta: { ...meta, interface: 'datetime', special: ['cast-timestamp'], width: 'half' }, schema: nullable };
    case 'vocabulary':
    case 'vocabulary-list': {
      const c = controlOf(p.name, raw, doc, p.required);
      return {
        collection,
        field: p.name,
        type: p.kind === 'vocabulary' ? 'string' : 'json',
        meta: { ...meta, interface: c.interface, special: c.special, options: c.options, display: c.display, display_options: c.display_options, width: 'half' },
        schema: p.kind === 'vocabulary' ? { ...nullable, max_length: 64 } : nullable,
      };
    }
    case 'reference': {
      const template = p.ref ? displayTemplate(p.ref) : null;
      return {
        collection,
        field: p.name,
        type: 'string',
        meta: { ...meta, interface: 'select-dropdown-m2o', special: ['m2o'], display: 'related-values', display_options: { template }, options: { template }, width: 'half' },
        schema: { ...nullable, max_length: 100 },
      };
    }
    case 'reference-list':
    case 'json': {
      const c = controlOf(p.name, raw, doc, p.required);
      return {
        collection,
        field: p.name,
        type: 'json',
        meta: { ...meta, interface: c.interface, special: ['cast-json'], options: c.options, display: c.display ?? null, display_options: c.display_options ?? null, width: c.width },
        schema: nullable,
      };
    }
    case 'children':
      return {
        collection,
        field: p.name,
        type: 'alias',
        meta: { ...meta, interface: 'list-o2m', special: ['o2m'], required: false, options: { template: p.ref ? displayTemplate(p.ref) : null } },
        schema: null,
      };
  }
}

/** The collection's name in the Data Studio, from the schema's own `x-label`. */
export function collectionLabel(entity: EntityName): Label {
  const l = entitySchema(entity)['x-label'];
  return isLabel(l) ? l : { vi: entity, en: entity };
}

export function directusModel(): DirectusModel {
  const model: DirectusModel = { collections: [], fields: [], relations: [] };
  for (const entity of entityNames) {
    const schema = entitySchema(entity);
    const collection = collectionOf(entity);
    const label = collectionLabel(entity);
    model.collections.push({
      collection,
      meta: {
        icon: icons[entity],
        note: schema.description ?? null,
        singleton: schema['x-singleton'] === true,
        display_template: displayTemplate(entity),
        translations: [
          { language: studioLanguages.vi, translation: label.vi, singular: label.vi, plural: label.vi },
          { language: studioLanguages.en, translation: label.en, plural: label.en },
        ],
        sort: navigation.indexOf(entity) + 1,
        // Revisions: every change is recorded with who and when.
        accountability: 'all',
        ...(propertiesOf(entity).find((p) => p.name === 'status')?.vocabulary?.name === 'PublicationStatus'
          ? { archive_field: 'status', archive_value: 'withdrawn', unarchive_value: 'draft', archive_app_filter: true }
          : {}),
      },
    });
    const { sections, placement } = layout(entity);
    const idProperty = propertiesOf(entity).find((p) => p.name === 'id');
    // The primary key first (a new collection is created with it), then the sections, then what they hold.
    if (idProperty) model.fields.push(field(entity, collection, idProperty, placement.get('id')!));
    for (const s of sections) {
      model.fields.push({
        collection,
        field: s.field,
        type: 'alias',
        meta: {
          interface: 'group-detail',
          special: ['alias', 'no-data', 'group'],
          options: { start: 'open' },
          sort: s.sort,
          group: null,
          width: 'full',
          hidden: false,
          translations: translations(s.label),
        },
        schema: null,
      });
    }
    for (const p of propertiesOf(entity)) {
      if (p.name === 'id') continue;
      model.fields.push(field(entity, collection, p, placement.get(p.name)!));
      if (p.kind === 'reference' && p.ref) {
        model.relations.push({
          collection,
          field: p.name,
          related_collection: collectionOf(p.ref),
          meta: { one_field: null, sort_field: null, one_deselect_action: 'nullify' },
          schema: { on_delete: 'NO ACTION' },
        });
      }
    }
  }
  // o2m aliases: the "one" side of a child's m2o (Dataset.distribution ← Distribution.dataset).
  for (const entity of entityNames) {
    for (const p of propertiesOf(entity)) {
      if (p.kind !== 'children' || !p.ref || !p.backField) continue;
      const rel = model.relations.find((r) => r.collection === collectionOf(p.ref!) && r.field === p.backField);
      if (!rel) throw new Error(`${entity}.${p.name}: ${p.ref}.${p.backField} is not a reference`);
      rel.meta.one_field = p.name;
      rel.meta.one_deselect_action = 'delete';
      rel.schema = { on_delete: 'CASCADE' };
    }
  }
  return model;
}
