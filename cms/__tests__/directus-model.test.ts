// The Data Studio a reviewer opens, as the generated model describes it: every collection and field
// named in Vietnamese and English from the schemas, no code editor for anything a person fills in,
// references shown by name, the form's sections from x-form.
import { describe, expect, it } from 'vitest';
import { entityNames, collectionOf, entitySchema } from '../../catalog-schema/src/schemas.ts';
import { directusModel, odpInterface, sectionPrefix, type FieldDef, type SubFieldDef } from '../src/directus-model.ts';
import { overdueFilter, reviewerPresets, studioSettings } from '../src/data-studio.ts';

const model = directusModel();
const fieldsOf = (collection: string) => model.fields.filter((f) => f.collection === collection);
const fieldNamed = (collection: string, name: string) => model.fields.find((f) => f.collection === collection && f.field === name)!;

type Translation = { language: string; translation: string };
const translationOf = (meta: Record<string, unknown>, language: string) => (meta.translations as Translation[] | undefined)?.find((t) => t.language === language)?.translation;

/** Every field of a form, the parts of JSON values (repeater columns, object parts) included, with its path. */
function everyField(): { path: string; meta: Record<string, unknown> }[] {
  const out: { path: string; meta: Record<string, unknown> }[] = [];
  const walk = (path: string, meta: Record<string, unknown>) => {
    out.push({ path, meta });
    const sub = (meta.options as { fields?: SubFieldDef[] } | null)?.fields;
    for (const f of sub ?? []) walk(`${path}.${f.field}`, f.meta);
  };
  for (const f of model.fields) walk(`${f.collection}.${f.field}`, f.meta);
  return out;
}

describe('the Data Studio in Vietnamese and English', () => {
  it('names every collection in Vietnamese and English from the schema', () => {
    for (const entity of entityNames) {
      const c = model.collections.find((x) => x.collection === collectionOf(entity))!;
      const label = entitySchema(entity)['x-label'] as { vi: string; en: string };
      expect(label, entity).toBeDefined();
      expect(translationOf(c.meta, 'vi-VN')).toBe(label.vi);
      expect(translationOf(c.meta, 'en-US')).toBe(label.en);
    }
  });

  it('names every field of every collection, and every part of a JSON value, in vi-VN and en-US from x-label', () => {
    const unnamed = everyField().filter(({ path, meta }) => {
      const name = path.slice(path.lastIndexOf('.') + 1);
      const vi = translationOf(meta, 'vi-VN');
      const en = translationOf(meta, 'en-US');
      // A field whose schema has no x-label falls back to its own name in both languages: a missing label.
      return !vi || !en || (vi === name && en === name);
    });
    expect(unnamed.map((f) => f.path)).toEqual([]);
  });

  it('holds a field for each property of the schema (a new property needs no code here)', () => {
    for (const entity of entityNames) {
      const properties = Object.keys(entitySchema(entity).properties ?? {});
      const fields = fieldsOf(collectionOf(entity)).map((f) => f.field);
      expect(fields.filter((f) => !f.startsWith(sectionPrefix)).sort()).toEqual([...properties].sort());
    }
  });

  it('gives the hint under a field in Vietnamese with English from x-help', () => {
    expect(fieldNamed('datasets', 'owningAgency').meta.note).toBe('Cơ quan chịu trách nhiệm về dữ liệu. / The agency responsible for the data.');
  });

  it('sets Vietnamese as the default language of the Data Studio', () => {
    expect(studioSettings.default_language).toBe('vi-VN');
  });
});

describe('no code editor for what a person fills in', () => {
  it('uses input-code only for the one value that is a document of its own format (an OpenAPI description)', () => {
    const code = everyField().filter(({ meta }) => meta.interface === 'input-code');
    expect(code.map((f) => f.path)).toEqual(['data_services.openapi']);
  });

  it('edits text in two languages as two inputs, a title on one line each', () => {
    const title = fieldNamed('datasets', 'title');
    expect(title.meta.interface).toBe(odpInterface);
    const parts = (title.meta.options as { kind: string; fields: SubFieldDef[] }).fields;
    expect(parts.map((p) => [p.field, p.meta.interface, p.meta.required])).toEqual([
      ['vi', 'input', true],
      ['en', 'input', false],
    ]);
    const description = (fieldNamed('datasets', 'description').meta.options as { fields: SubFieldDef[] }).fields;
    expect(description.map((p) => p.meta.interface)).toEqual(['input-multiline', 'input-multiline']);
  });

  it('shows keywords as two tag lists, the period as two dates, places by name, themes and contacts by name', () => {
    const parts = (f: FieldDef) => (f.meta.options as { fields: SubFieldDef[] }).fields.map((p) => [p.field, p.meta.interface]);
    expect(parts(fieldNamed('datasets', 'keyword'))).toEqual([
      ['vi', 'tags'],
      ['en', 'tags'],
    ]);
    expect(parts(fieldNamed('datasets', 'temporal'))).toEqual([
      ['start', 'datetime'],
      ['end', 'datetime'],
    ]);
    expect(fieldNamed('datasets', 'spatial').meta.options).toMatchObject({ kind: 'codes', codeList: 'don-vi-hanh-chinh-2026' });
    expect(fieldNamed('datasets', 'theme').meta.options).toMatchObject({ kind: 'references', related: 'themes', labelField: 'label', multiple: true });
    expect(fieldNamed('datasets', 'contactPoint').meta.options).toMatchObject({ kind: 'references', related: 'contact_points', labelField: 'name' });
  });

  it('edits the legal basis with Directus’s repeater, each document’s title again as two inputs', () => {
    const legal = fieldNamed('datasets', 'legalBasis');
    expect(legal.meta.interface).toBe('list');
    const columns = (legal.meta.options as { fields: SubFieldDef[]; template: string }).fields;
    expect(columns.map((c) => c.field)).toEqual(['number', 'title', 'issuer', 'date', 'url']);
    expect(columns.find((c) => c.field === 'title')!.meta.interface).toBe(odpInterface);
    expect((legal.meta.options as { template: string }).template).toBe('{{number}} · {{title.vi}}');
  });

  it('chooses a licence, the access level and the frequency from the vocabularies, with Vietnamese first', () => {
    const license = fieldNamed('datasets', 'license');
    expect(license.meta.interface).toBe('select-dropdown');
    expect((license.meta.options as { choices: { text: string; value: string }[] }).choices).toContainEqual({
      text: 'Creative Commons Ghi công 4.0 (Creative Commons Attribution 4.0)',
      value: 'cc-by-4.0',
    });
  });
});

describe('references shown by name', () => {
  it('asks for the related item’s whole name and lets the name field’s display show its Vietnamese (Directus asks for no key inside JSON)', () => {
    const publisher = fieldNamed('datasets', 'publisher');
    expect(publisher.meta).toMatchObject({ interface: 'select-dropdown-m2o', options: { template: '{{name}}' }, display: 'related-values', display_options: { template: '{{name}}' } });
    expect(fieldNamed('agents', 'name').meta).toMatchObject({ display: 'formatted-json-value', display_options: { format: '{{vi}}' } });
    expect(model.collections.find((c) => c.collection === 'datasets')!.meta.display_template).toBe('{{title}}');
    for (const f of everyField()) expect(JSON.stringify(f.meta), f.path).not.toMatch(/\{\{\s*\w+\.vi\s*\}\}.*related|template":"\{\{name\.vi/);
  });

  it('keeps a relation for each single reference, so the m2o picker has one', () => {
    const m2o = model.fields.filter((f) => f.meta.interface === 'select-dropdown-m2o');
    for (const f of m2o)
      expect(
        model.relations.some((r) => r.collection === f.collection && r.field === f.field),
        `${f.collection}.${f.field}`,
      ).toBe(true);
  });
});

describe('the form in sections from x-form', () => {
  it('groups the dataset’s fields in the sections of x-form, in their order, and puts the reviewer’s fields on top', () => {
    const groups = fieldsOf('datasets').filter((f) => f.field.startsWith(sectionPrefix));
    const sections = (entitySchema('Dataset')['x-form'] as { sections: { id: string }[] }).sections.map((s) => `${sectionPrefix}${s.id}`);
    expect(groups.map((g) => g.field)).toEqual(sections);
    expect(groups.every((g) => g.type === 'alias' && (g.meta.special as string[]).includes('no-data'))).toBe(true);
    expect(fieldNamed('datasets', 'title').meta).toMatchObject({ group: `${sectionPrefix}describe`, sort: 1 });
    const top = fieldsOf('datasets')
      .filter((f) => f.meta.group === null && !f.field.startsWith(sectionPrefix))
      .sort((a, b) => (a.meta.sort as number) - (b.meta.sort as number))
      .map((f) => f.field);
    expect(top.slice(0, 6)).toEqual(['id', 'publisher', 'status', 'reviewNote', 'submitted', 'qualityScore']);
    // A section field comes before any field placed in it, so a new collection can be created in order.
    const order = fieldsOf('datasets').map((f) => f.field);
    for (const f of fieldsOf('datasets')) if (typeof f.meta.group === 'string') expect(order.indexOf(f.meta.group)).toBeLessThan(order.indexOf(f.field));
  });
});

describe('what the workflow records itself', () => {
  it('shows when an entry was sent for review and its score then, read-only, named in Vietnamese, and nothing else read-only', () => {
    for (const collection of ['datasets', 'data_services']) {
      expect(fieldNamed(collection, 'submitted')).toMatchObject({ type: 'timestamp', meta: { interface: 'datetime', readonly: true } });
      expect(fieldNamed(collection, 'qualityScore')).toMatchObject({ meta: { interface: 'input', readonly: true } });
      expect(translationOf(fieldNamed(collection, 'submitted').meta, 'vi-VN')).toBe('Thời điểm gửi duyệt');
      expect(translationOf(fieldNamed(collection, 'qualityScore').meta, 'vi-VN')).toBe('Điểm chất lượng khi gửi duyệt');
    }
    expect(model.fields.filter((f) => f.meta.readonly === true).map((f) => `${f.collection}.${f.field}`)).toEqual([
      'datasets.submitted',
      'datasets.qualityScore',
      'data_services.submitted',
      'data_services.qualityScore',
    ]);
  });
});

describe('the reviewer’s list views', () => {
  const bookmarks = reviewerPresets().filter((p) => p.collection === 'datasets' && p.bookmark);

  it('has waiting for review (longest waiting first, with the agency and the score), sent back and overdue for datasets', () => {
    expect(bookmarks.map((b) => b.bookmark)).toEqual(['Chờ duyệt (Awaiting review)', 'Bị trả lại (Sent back)', 'Quá hạn cập nhật (Update overdue)']);
    expect(bookmarks[0]).toMatchObject({ filter: { status: { _eq: 'submitted' } }, fields: ['title', 'publisher', 'qualityScore', 'submitted'], sort: ['submitted'] });
    const services = reviewerPresets().find((p) => p.collection === 'data_services' && p.bookmark === 'Chờ duyệt (Awaiting review)');
    expect(services).toMatchObject({ fields: ['title', 'publisher', 'qualityScore', 'submitted'], sort: ['submitted'] });
    expect(bookmarks[1]!.filter).toEqual({ status: { _eq: 'changes_requested' } });
  });

  it('finds overdue published entries by each frequency’s longest gap, as domain/quality.ts does, in a filter the query string can carry', () => {
    const f = overdueFilter() as { status: unknown; _or: Record<string, unknown>[] };
    expect(f.status).toEqual({ _eq: 'published' });
    expect(f._or).toContainEqual({ accrualPeriodicity: { _eq: 'monthly' }, modified: { _lte: '$NOW(-33 days)' } });
    expect(f._or).toContainEqual({ accrualPeriodicity: { _eq: 'monthly' }, modified: { _null: true }, issued: { _lte: '$NOW(-33 days)' } });
    expect(JSON.stringify(f)).not.toContain('"irregular"');
    // `filter[_or][3][modified][_lt]`: the Data Studio's query-string parser reads five levels at most.
    const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
    expect(depth(f)).toBeLessThanOrEqual(5);
  });

  it('shows every collection’s default list by name, agency and state rather than by raw JSON', () => {
    const datasets = reviewerPresets().find((p) => p.collection === 'datasets' && !p.bookmark)!;
    expect(datasets.fields).toEqual(['title', 'publisher', 'status', 'modified']);
  });
});
