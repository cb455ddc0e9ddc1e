// The Directus collections, fields and relations, generated from catalog-schema. Nothing here
// names a catalog field by hand: change a JSON Schema and the CMS follows on the next apply.
import { propertiesOf, type PropertyInfo } from '../../catalog-schema/src/model.ts';
import { collectionOf, entityNames, entitySchema, type EntityName } from '../../catalog-schema/src/schemas.ts';

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

function displayTemplate(entity: EntityName): string {
  const names = propertiesOf(entity).map((p) => p.name);
  const main = ['title', 'name', 'label', 'code'].find((n) => names.includes(n)) ?? 'id';
  const value = propertiesOf(entity).find((p) => p.name === main)?.shape === 'LangString' ? `{{${main}.vi}}` : `{{${main}}}`;
  return main === 'id' ? '{{id}}' : value;
}

function note(p: PropertyInfo): string | null {
  return p.description ?? null;
}

function choices(p: PropertyInfo): { text: string; value: string }[] {
  return Object.entries(p.vocabulary?.terms ?? {}).map(([value, t]) => ({ text: `${t.vi} (${t.en})`, value }));
}

function field(collection: string, p: PropertyInfo, sort: number): FieldDef {
  const meta = {
    interface: 'input',
    options: null as unknown,
    special: null as unknown,
    note: note(p),
    required: p.required,
    sort,
    width: 'full',
    hidden: false,
    readonly: false,
    display: null as unknown,
  };
  const nullable = { is_nullable: true };
  switch (p.kind) {
    case 'id':
      return {
        collection,
        field: p.name,
        type: 'string',
        meta: { ...meta, note: 'Mã (slug): chữ thường không dấu, số, dấu gạch ngang.', width: 'half' },
        schema: { is_primary_key: true, has_auto_increment: false, max_length: 100, is_nullable: false },
      };
    case 'string':
      return { collection, field: p.name, type: 'string', meta: { ...meta, width: 'half' }, schema: { ...nullable, max_length: p.maxLength ?? 255 } };
    case 'text':
      return { collection, field: p.name, type: 'text', meta: { ...meta, interface: 'input-multiline' }, schema: nullable };
    case 'integer':
      return { collection, field: p.name, type: 'bigInteger', meta: { ...meta, width: 'half' }, schema: nullable };
    case 'number':
      return { collection, field: p.name, type: 'float', meta: { ...meta, width: 'half' }, schema: nullable };
    case 'boolean':
      return { collection, field: p.name, type: 'boolean', meta: { ...meta, interface: 'boolean', special: ['cast-boolean'], width: 'half' }, schema: nullable };
    case 'date':
      return { collection, field: p.name, type: 'date', meta: { ...meta, interface: 'datetime', width: 'half' }, schema: nullable };
    case 'datetime':
      // SQLite has no time-zone column: Directus marks its timestamps "cast-timestamp" to read them back
      // as UTC instants (without the flag they return without a zone and read back as dateTime).
      return { collection, field: p.name, type: 'timestamp', meta: { ...meta, interface: 'datetime', special: ['cast-timestamp'], width: 'half' }, schema: nullable };
    case 'vocabulary':
      return {
        collection,
        field: p.name,
        type: 'string',
        meta: { ...meta, interface: 'select-dropdown', display: 'labels', options: { choices: choices(p) }, width: 'half' },
        schema: { ...nullable, max_length: 64 },
      };
    case 'vocabulary-list':
      return {
        collection,
        field: p.name,
        type: 'json',
        meta: { ...meta, interface: 'select-multiple-dropdown', display: 'labels', special: ['cast-json'], options: { choices: choices(p) }, width: 'half' },
        schema: nullable,
      };
    case 'reference':
      return {
        collection,
        field: p.name,
        type: 'string',
        meta: { ...meta, interface: 'select-dropdown-m2o', special: ['m2o'], display: 'related-values', options: { template: p.ref ? displayTemplate(p.ref) : null }, width: 'half' },
        schema: { ...nullable, max_length: 100 },
      };
    case 'reference-list':
      return { collection, field: p.name, type: 'json', meta: { ...meta, interface: 'tags', special: ['cast-json'], note: `${note(p) ?? ''} Mã ${p.ref} / ${p.ref} ids.`.trim() }, schema: nullable };
    case 'children':
      return {
        collection,
        field: p.name,
        type: 'alias',
        meta: { ...meta, interface: 'list-o2m', special: ['o2m'], required: false, options: { template: p.ref ? displayTemplate(p.ref) : null } },
        schema: null,
      };
    case 'json':
      return {
        collection,
        field: p.name,
        type: 'json',
        meta: {
          ...meta,
          interface: 'input-code',
          special: ['cast-json'],
          options: { language: 'JSON', lineNumber: false, template: p.shape === 'LangString' ? '{\n  "vi": "",\n  "en": ""\n}' : null },
        },
        schema: nullable,
      };
  }
}

export function directusModel(): DirectusModel {
  const model: DirectusModel = { collections: [], fields: [], relations: [] };
  for (const entity of entityNames) {
    const schema = entitySchema(entity);
    const collection = collectionOf(entity);
    model.collections.push({
      collection,
      meta: {
        icon: icons[entity],
        note: schema.description ?? null,
        singleton: schema['x-singleton'] === true,
        display_template: displayTemplate(entity),
        // Revisions: every change is recorded with who and when.
        accountability: 'all',
        ...(propertiesOf(entity).find((p) => p.name === 'status')?.vocabulary?.name === 'PublicationStatus'
          ? { archive_field: 'status', archive_value: 'withdrawn', unarchive_value: 'draft', archive_app_filter: true }
          : {}),
      },
    });
    propertiesOf(entity).forEach((p, i) => {
      model.fields.push(field(collection, p, i + 1));
      if (p.kind === 'reference' && p.ref) {
        model.relations.push({
          collection,
          field: p.name,
          related_collection: collectionOf(p.ref),
          meta: { one_field: null, sort_field: null, one_deselect_action: 'nullify' },
          schema: { on_delete: 'NO ACTION' },
        });
      }
    });
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
