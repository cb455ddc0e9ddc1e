// The catalog as DCAT-AP 3.0.1 RDF: the mapping from the catalog schema's entities to DCAT-AP
// classes and properties, with the EU controlled vocabularies (data themes, frequencies, licences,
// file types, languages, access rights) the vocabularies of catalog-schema name. Serialisation to
// Turtle, JSON-LD and RDF/XML is in rdf-serialize.ts. Fields with no DCAT-AP home are exported in the
// portal's own namespace (odp:), or deliberately not at all (workflow state, review notes): the list
// is `notExported`, and a test fails when a schema property is neither exported nor listed, or is
// listed and exported all the same.
import { DataFactory, type NamedNode, type Quad, type Quad_Object, type Quad_Subject, type Term } from 'n3';
import type { Agent, ContactPoint, DataService, Distribution, LangString, LegalReference, Theme } from '../../catalog-schema/generated/types.ts';
import { vocabulary } from '../../catalog-schema/src/schemas.ts';
import { plainText } from '../markdown.ts';
import type { CatalogSnapshot, DatasetWithDistributions } from '../snapshot.ts';
import { filesPublic } from '../visibility.ts';

const namedNode = DataFactory.namedNode.bind(DataFactory);
const literal = DataFactory.literal.bind(DataFactory);
const blankNode = DataFactory.blankNode.bind(DataFactory);
const quad = DataFactory.quad.bind(DataFactory);

export const ns = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  adms: 'http://www.w3.org/ns/adms#',
  spdx: 'http://spdx.org/rdf/terms#',
  eli: 'http://data.europa.eu/eli/ontology#',
} as const;

type Prefix = keyof typeof ns;
const iri = (prefix: Prefix, local: string) => namedNode(ns[prefix] + local);
const a = iri('rdf', 'type');

/**
 * Schema properties that are not part of the exported record, and why: workflow fields, the
 * monitor's health URL, the OpenAPI document itself (dcat:endpointDescription points at it), and who
 * may read the description (an export holds only entries whose description is public; who may use
 * the data is dct:accessRights).
 */
export const notExported: Record<string, string[]> = {
  Dataset: ['id', 'status', 'reviewNote', 'submitted', 'qualityScore', 'distribution', 'metadataVisibility'],
  Distribution: ['id', 'dataset'],
  DataService: ['id', 'status', 'reviewNote', 'submitted', 'qualityScore', 'healthURL', 'openapi', 'metadataVisibility'],
};

/** The portal's own terms, for regulation fields DCAT-AP has no property for. */
export function portalNamespace(base: string): string {
  return `${base}/ns#`;
}

export interface DcatIris {
  catalog: NamedNode;
  dataset(id: string): NamedNode;
  distribution(id: string): NamedNode;
  service(id: string): NamedNode;
  agent(id: string): NamedNode;
  contact(id: string): NamedNode;
  theme(id: string): NamedNode;
  place(code: string): NamedNode;
  page(path: string): NamedNode;
  odp(local: string): NamedNode;
}

export function dcatIris(base: string): DcatIris {
  const b = base.replace(/\/+$/, '');
  return {
    catalog: namedNode(`${b}/catalog`),
    dataset: (id) => namedNode(`${b}/datasets/${id}`),
    distribution: (id) => namedNode(`${b}/distributions/${id}`),
    service: (id) => namedNode(`${b}/services/${id}`),
    agent: (id) => namedNode(`${b}/agencies/${id}`),
    contact: (id) => namedNode(`${b}/contact-points/${id}`),
    theme: (id) => namedNode(`${b}/themes/${id}`),
    place: (code) => namedNode(`${b}/places/${encodeURIComponent(code)}`),
    page: (p) => namedNode(`${b}${p.startsWith('/') ? p : `/${p}`}`),
    odp: (local) => namedNode(`${portalNamespace(b)}${local}`),
  };
}

const adminPublisherType: Record<string, string> = {
  'city-committee': 'RegionalAuthority',
  department: 'RegionalAuthority',
  police: 'RegionalAuthority',
  'public-service-unit': 'RegionalAuthority',
  'ward-committee': 'LocalAuthority',
  enterprise: 'Company',
  other: 'NonProfitOrganisation',
};

/** A key for a term, for telling quads apart (literals with their language and datatype). */
function termKey(t: Term): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language}^${t.datatype.value}`;
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

/**
 * The quads of a graph in the order they were made, each once. A plain list rather than an n3 Store:
 * a store indexes every quad three ways, which took most of the time of a large export.
 */
class Graph {
  readonly quads: Quad[] = [];
  private seen = new Set<string>();
  private typed = new Set<string>();
  readonly iris: DcatIris;
  readonly base: string;
  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
    this.iris = dcatIris(this.base);
  }

  add(s: Quad_Subject, p: NamedNode, o: Quad_Object | undefined): void {
    if (!o) return;
    const key = `${termKey(s)}\u0000${p.value}\u0000${termKey(o)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push(quad(s, p, o));
  }

  text(s: Quad_Subject, p: NamedNode, value: LangString | undefined, { markdown = false } = {}): void {
    if (!value) return;
    for (const lang of ['vi', 'en'] as const) {
      const v = value[lang];
      if (v?.trim()) this.add(s, p, literal(markdown ? plainText(v) : v, lang));
    }
  }

  date(s: Quad_Subject, p: NamedNode, value: string | undefined): void {
    if (value) this.add(s, p, literal(value, value.length === 10 ? iri('xsd', 'date') : iri('xsd', 'dateTime')));
  }

  /** An absolute IRI for a URL or a path on the portal. */
  url(value: string): NamedNode {
    return /^https?:\/\//.test(value) ? namedNode(value) : this.iris.page(value);
  }

  /** A resource of a controlled vocabulary, typed with the class DCAT-AP expects for it (once). */
  typedNode(uri: string, type: NamedNode, labels?: { vi: string; en: string }, scheme?: string): NamedNode {
    const n = namedNode(uri);
    const key = `${uri} ${type.value}`;
    if (!this.typed.has(key)) {
      this.typed.add(key);
      this.add(n, a, type);
      if (labels) {
        this.add(n, iri('skos', 'prefLabel'), literal(labels.en, 'en'));
        this.add(n, iri('skos', 'prefLabel'), literal(labels.vi, 'vi'));
      }
      if (scheme) this.add(n, iri('skos', 'inScheme'), namedNode(scheme));
    }
    return n;
  }

  term(vocab: string, code: string | undefined, type: NamedNode, { concept = false } = {}): NamedNode | undefined {
    if (!code) return undefined;
    const t = vocabulary(vocab)[code];
    if (!t?.uri) return undefined;
    return this.typedNode(t.uri, type, concept ? { vi: t.vi, en: t.en } : undefined);
  }

  document(url: string | undefined): NamedNode | undefined {
    if (!url) return undefined;
    const n = this.url(url);
    return this.typedNode(n.value, iri('foaf', 'Document'));
  }

  license(code: string | undefined): NamedNode | undefined {
    return this.term('License', code, iri('dct', 'LicenseDocument'));
  }

  languages(s: Quad_Subject, codes: string[] | undefined): void {
    for (const l of codes ?? []) this.add(s, iri('dct', 'language'), this.term('Language', l, iri('dct', 'LinguisticSystem')));
  }

  legal(s: Quad_Subject, refs: LegalReference[] | undefined): void {
    for (const r of refs ?? []) {
      const n: Quad_Subject = r.url ? namedNode(r.url) : blankNode();
      this.add(s, iri('dcatap', 'applicableLegislation'), n);
      this.add(n, a, iri('eli', 'LegalResource'));
      this.add(n, iri('dct', 'identifier'), literal(r.number));
      this.text(n, iri('dct', 'title'), r.title);
      if (r.issuer) this.add(n, iri('dct', 'publisher'), literal(r.issuer, 'vi'));
      this.date(n, iri('dct', 'issued'), r.date);
    }
  }

  /** A vocabulary of the portal (data kinds…) as SKOS concepts in the portal's namespace. */
  portalConcept(vocab: string, code: string): NamedNode {
    const t = vocabulary(vocab)[code];
    const schemeUri = `${portalNamespace(this.base)}${vocab}`;
    if (!this.typed.has(schemeUri)) {
      this.typed.add(schemeUri);
      this.add(namedNode(schemeUri), a, iri('skos', 'ConceptScheme'));
      this.add(namedNode(schemeUri), iri('dct', 'title'), literal(vocab, 'en'));
    }
    return this.typedNode(`${schemeUri}/${code}`, iri('skos', 'Concept'), t ? { vi: t.vi, en: t.en } : { vi: code, en: code }, schemeUri);
  }

  agentRef(id: string | undefined): NamedNode | undefined {
    return id ? this.iris.agent(id) : undefined;
  }
}

function agent(g: Graph, x: Agent): void {
  const s = g.iris.agent(x.id);
  g.add(s, a, iri('foaf', 'Agent'));
  g.add(s, a, iri('foaf', 'Organization'));
  g.text(s, iri('foaf', 'name'), x.name);
  if (x.identifier) g.add(s, iri('dct', 'identifier'), literal(x.identifier));
  const type = adminPublisherType[x.kind];
  if (type) g.add(s, iri('dct', 'type'), g.typedNode(`http://purl.org/adms/publishertype/${type}`, iri('skos', 'Concept'), { vi: type, en: type }, 'http://purl.org/adms/publishertype/1.0'));
  g.add(s, iri('foaf', 'homepage'), g.document(x.homepage));
  if (x.email) g.add(s, iri('foaf', 'mbox'), namedNode(`mailto:${x.email}`));
  if (x.parent) g.add(s, g.iris.odp('parentAgency'), g.iris.agent(x.parent));
}

function contact(g: Graph, x: ContactPoint): void {
  const s = g.iris.contact(x.id);
  g.add(s, a, iri('vcard', 'Kind'));
  g.add(s, iri('vcard', 'fn'), literal(x.name));
  g.text(s, iri('vcard', 'title'), x.jobTitle);
  g.add(s, iri('vcard', 'hasEmail'), namedNode(`mailto:${x.email}`));
  if (x.phone) g.add(s, iri('vcard', 'hasTelephone'), namedNode(`tel:${x.phone.replace(/[^\d+]/g, '')}`));
  if (x.url) g.add(s, iri('vcard', 'hasURL'), namedNode(x.url));
  g.add(s, g.iris.odp('contactRole'), g.portalConcept('ContactRole', x.role));
  g.add(s, g.iris.odp('agency'), g.iris.agent(x.agent));
}

function themes(g: Graph, s: Quad_Subject, ids: string[] | undefined, byId: Map<string, Theme>): void {
  for (const id of ids ?? []) {
    const t = byId.get(id);
    if (!t) continue;
    g.add(s, iri('dcat', 'theme'), g.term('EuDataTheme', t.euDataTheme, iri('skos', 'Concept'), { concept: true }));
    const portal = g.iris.theme(id);
    g.add(s, iri('dcat', 'theme'), portal);
  }
}

function themeConcepts(g: Graph, list: Theme[]): void {
  const scheme = g.iris.page('/themes');
  g.add(scheme, a, iri('skos', 'ConceptScheme'));
  g.add(scheme, iri('dct', 'title'), literal('Lĩnh vực', 'vi'));
  g.add(scheme, iri('dct', 'title'), literal('Themes', 'en'));
  for (const t of list) {
    const s = g.iris.theme(t.id);
    g.add(s, a, iri('skos', 'Concept'));
    g.text(s, iri('skos', 'prefLabel'), t.label);
    g.text(s, iri('skos', 'definition'), t.description);
    g.add(s, iri('skos', 'inScheme'), scheme);
    g.add(s, iri('skos', 'exactMatch'), namedNode(vocabulary('EuDataTheme')[t.euDataTheme]?.uri ?? ''));
  }
  // The EU data-theme scheme, named by dcat:themeTaxonomy.
  const eu = namedNode('http://publications.europa.eu/resource/authority/data-theme');
  g.add(eu, a, iri('skos', 'ConceptScheme'));
  g.add(eu, iri('dct', 'title'), literal('Data theme', 'en'));
}

function places(g: Graph, s: Quad_Subject, codes: string[] | undefined, labels: Map<string, LangString>): void {
  for (const code of codes ?? []) {
    const n = g.iris.place(code);
    g.add(s, iri('dct', 'spatial'), n);
    g.add(n, a, iri('dct', 'Location'));
    g.add(n, iri('dct', 'identifier'), literal(code));
    g.text(n, iri('skos', 'prefLabel'), labels.get(code));
  }
}

function distribution(g: Graph, x: Distribution, datasetLicense: string | undefined): NamedNode {
  const s = g.iris.distribution(x.id);
  g.add(s, a, iri('dcat', 'Distribution'));
  g.text(s, iri('dct', 'title'), x.title);
  g.text(s, iri('dct', 'description'), x.description);
  g.add(s, iri('dcat', 'accessURL'), g.url(x.accessURL));
  if (x.downloadURL) g.add(s, iri('dcat', 'downloadURL'), g.url(x.downloadURL));
  g.add(s, iri('dct', 'format'), g.term('FileFormat', x.format, iri('dct', 'MediaTypeOrExtent')));
  const media = x.mediaType ?? (vocabulary('FileFormat')[x.format]?.mediaType as string | undefined);
  if (media) g.add(s, iri('dcat', 'mediaType'), g.typedNode(`https://www.iana.org/assignments/media-types/${media}`, iri('dct', 'MediaType')));
  if (x.byteSize !== undefined) g.add(s, iri('dcat', 'byteSize'), literal(String(x.byteSize), iri('xsd', 'nonNegativeInteger')));
  if (x.checksum) {
    const c = blankNode();
    g.add(s, iri('spdx', 'checksum'), c);
    g.add(c, a, iri('spdx', 'Checksum'));
    g.add(c, iri('spdx', 'algorithm'), g.typedNode(`${ns.spdx}checksumAlgorithm_${x.checksum.algorithm}`, iri('spdx', 'ChecksumAlgorithm')));
    g.add(c, iri('spdx', 'checksumValue'), literal(x.checksum.value.toLowerCase(), iri('xsd', 'hexBinary')));
  }
  g.add(s, iri('dct', 'license'), g.license(x.license ?? datasetLicense));
  g.languages(s, x.language);
  g.date(s, iri('dct', 'issued'), x.issued);
  g.date(s, iri('dct', 'modified'), x.modified);
  return s;
}

function dataset(g: Graph, d: DatasetWithDistributions, ctx: { themes: Map<string, Theme>; places: Map<string, LangString> }): NamedNode {
  const s = g.iris.dataset(d.id);
  g.add(s, a, iri('dcat', 'Dataset'));
  g.text(s, iri('dct', 'title'), d.title);
  g.text(s, iri('dct', 'description'), d.description, { markdown: true });
  g.add(s, iri('dct', 'identifier'), literal(d.identifier ?? d.id));
  g.add(s, iri('dct', 'publisher'), g.agentRef(d.publisher));
  g.add(s, iri('dct', 'rightsHolder'), g.agentRef(d.owningAgency));
  for (const c of d.contactPoint ?? []) g.add(s, iri('dcat', 'contactPoint'), g.iris.contact(c));
  for (const lang of ['vi', 'en'] as const) for (const k of d.keyword?.[lang] ?? []) g.add(s, iri('dcat', 'keyword'), literal(k, lang));
  themes(g, s, d.theme, ctx.themes);
  places(g, s, d.spatial, ctx.places);
  if (d.temporal && (d.temporal.start || d.temporal.end)) {
    const t = blankNode();
    g.add(s, iri('dct', 'temporal'), t);
    g.add(t, a, iri('dct', 'PeriodOfTime'));
    g.date(t, iri('dcat', 'startDate'), d.temporal.start);
    g.date(t, iri('dcat', 'endDate'), d.temporal.end);
  }
  g.date(s, iri('dct', 'issued'), d.issued);
  g.date(s, iri('dct', 'modified'), d.modified);
  g.add(s, iri('dct', 'accrualPeriodicity'), g.term('Frequency', d.accrualPeriodicity, iri('dct', 'Frequency')));
  g.languages(s, d.language);
  g.add(s, iri('dct', 'accessRights'), g.term('AccessLevel', d.accessLevel, iri('dct', 'RightsStatement')));
  for (const k of d.dataKind) g.add(s, iri('dct', 'type'), g.portalConcept('DataKind', k));
  g.legal(s, d.legalBasis);
  g.add(s, iri('dcat', 'landingPage'), g.document(d.landingPage ?? `/datasets/${d.id}/`));
  if (d.landingPage) g.add(s, iri('dcat', 'landingPage'), g.document(`/datasets/${d.id}/`));
  if (d.version) g.add(s, iri('dcat', 'version'), literal(d.version));
  // dct:accessRights says who may use the data (EU access-right authority: PUBLIC, RESTRICTED,
  // NON_PUBLIC); the distributions, with their download and access links, are the open data's only.
  if (filesPublic(d)) for (const x of d.distribution) g.add(s, iri('dcat', 'distribution'), distribution(g, x, d.license));
  // Regulation fields without a DCAT-AP property (HCMC 30/2026 art. 14, 24).
  if (d.license) g.add(s, g.iris.odp('license'), g.license(d.license));
  if (d.containsPersonalData !== undefined) g.add(s, g.iris.odp('containsPersonalData'), literal(String(d.containsPersonalData), iri('xsd', 'boolean')));
  for (const m of d.sharingMethod ?? []) g.add(s, g.iris.odp('sharingMethod'), g.portalConcept('SharingMethod', m));
  for (const x of d.allowedAgencies ?? []) g.add(s, g.iris.odp('allowedAgency'), g.iris.agent(x));
  for (const x of d.updateResponsibility ?? []) g.add(s, g.iris.odp('updateResponsibility'), g.iris.agent(x));
  g.add(s, g.iris.odp('dataConfirmedBy'), g.agentRef(d.dataConfirmedBy));
  g.text(s, g.iris.odp('accessGuidelines'), d.accessGuidelines, { markdown: true });
  for (const f of d.dataDictionary ?? []) {
    const n = blankNode();
    g.add(s, g.iris.odp('field'), n);
    g.add(n, g.iris.odp('name'), literal(f.name));
    g.text(n, iri('dct', 'title'), f.title);
    g.add(n, g.iris.odp('fieldType'), g.portalConcept('FieldType', f.type));
    if (f.unit) g.add(n, g.iris.odp('unit'), literal(f.unit));
    if (f.format) g.add(n, g.iris.odp('format'), literal(f.format));
    g.text(n, iri('dct', 'description'), f.description);
    if (f.codeList) g.add(n, g.iris.odp('codeList'), g.iris.page(`/code-lists/${f.codeList}`));
    if (f.required !== undefined) g.add(n, g.iris.odp('required'), literal(String(f.required), iri('xsd', 'boolean')));
  }
  return s;
}

function service(g: Graph, x: DataService, published: Set<string>, ctx: { themes: Map<string, Theme> }): NamedNode {
  const s = g.iris.service(x.id);
  g.add(s, a, iri('dcat', 'DataService'));
  g.text(s, iri('dct', 'title'), x.title);
  g.text(s, iri('dct', 'description'), x.description, { markdown: true });
  if (x.identifier) g.add(s, iri('dct', 'identifier'), literal(x.identifier));
  g.add(s, iri('dct', 'publisher'), g.agentRef(x.publisher));
  for (const c of x.contactPoint ?? []) g.add(s, iri('dcat', 'contactPoint'), g.iris.contact(c));
  g.add(s, iri('dcat', 'endpointURL'), g.typedNode(x.endpointURL, iri('rdfs', 'Resource')));
  if (x.endpointDescription) g.add(s, iri('dcat', 'endpointDescription'), g.typedNode(g.url(x.endpointDescription).value, iri('rdfs', 'Resource')));
  for (const d of x.servesDataset ?? []) if (published.has(d)) g.add(s, iri('dcat', 'servesDataset'), g.iris.dataset(d));
  themes(g, s, x.theme, ctx.themes);
  for (const lang of ['vi', 'en'] as const) for (const k of x.keyword?.[lang] ?? []) g.add(s, iri('dcat', 'keyword'), literal(k, lang));
  g.add(s, iri('dct', 'accessRights'), g.term('AccessLevel', x.accessLevel, iri('dct', 'RightsStatement')));
  g.add(s, iri('dct', 'license'), g.license(x.license));
  g.date(s, iri('dct', 'issued'), x.issued);
  g.date(s, iri('dct', 'modified'), x.modified);
  if (x.standard) {
    const st = blankNode();
    g.add(s, iri('dct', 'conformsTo'), st);
    g.add(st, a, iri('dct', 'Standard'));
    g.add(st, iri('dct', 'title'), literal(x.standard));
  }
  for (const doc of x.technicalDocs ?? []) {
    const n = g.document(doc.url)!;
    g.add(s, iri('foaf', 'page'), n);
    g.text(n, iri('dct', 'title'), doc.title);
  }
  g.add(s, iri('dcat', 'landingPage'), g.document(`/services/${x.id}/`));
  for (const m of x.sharingMethod) g.add(s, g.iris.odp('sharingMethod'), g.portalConcept('SharingMethod', m));
  g.add(s, g.iris.odp('connectionModel'), g.portalConcept('ConnectionModel', x.connectionModel));
  g.text(s, g.iris.odp('exchangeStructure'), x.exchangeStructure);
  g.text(s, g.iris.odp('whoMayUse'), x.requirements?.whoMayUse);
  g.text(s, g.iris.odp('authentication'), x.requirements?.authentication);
  g.text(s, g.iris.odp('rateLimit'), x.requirements?.rateLimit);
  if (x.serviceState) g.add(s, g.iris.odp('serviceState'), g.portalConcept('ServiceState', x.serviceState));
  return s;
}

/**
 * The whole catalog (catalog, agents, contact points, themes, datasets, distributions, services) as
 * one list of quads, each once.
 */
export function catalogQuads(snapshot: CatalogSnapshot, base: string): { quads: Quad[]; iris: DcatIris } {
  const g = new Graph(base);
  const ctx = { themes: new Map(snapshot.themes.map((t) => [t.id, t])), places: new Map(snapshot.codeListEntries.map((e) => [e.code, e.label])) };
  const c = snapshot.catalog;
  const s = g.iris.catalog;
  g.add(s, a, iri('dcat', 'Catalog'));
  g.text(s, iri('dct', 'title'), c.title);
  g.text(s, iri('dct', 'description'), c.description, { markdown: true });
  g.add(s, iri('dct', 'publisher'), g.agentRef(c.publisher));
  g.add(s, iri('foaf', 'homepage'), g.document(c.homepage ?? '/'));
  g.languages(s, c.language);
  g.add(s, iri('dct', 'license'), g.license(c.license));
  places(g, s, c.spatial, ctx.places);
  g.legal(s, c.legalBasis);
  g.add(s, iri('dcat', 'themeTaxonomy'), namedNode('http://publications.europa.eu/resource/authority/data-theme'));
  g.add(s, iri('dcat', 'themeTaxonomy'), g.iris.page('/themes'));
  const modified = snapshot.datasets
    .map((d) => d.modified ?? d.issued ?? '')
    .sort()
    .pop();
  g.date(s, iri('dct', 'modified'), modified || undefined);
  themeConcepts(g, snapshot.themes);
  for (const x of snapshot.agents) agent(g, x);
  for (const x of snapshot.contactPoints) contact(g, x);
  const published = new Set(snapshot.datasets.map((d) => d.id));
  for (const d of snapshot.datasets) g.add(s, iri('dcat', 'dataset'), dataset(g, d, ctx));
  for (const x of snapshot.dataServices) g.add(s, iri('dcat', 'service'), service(g, x, published, ctx));
  return { quads: g.quads, iris: g.iris };
}

/** The quads of a graph by subject, for following a resource's description without an n3 Store. */
export function bySubject(quads: Quad[]): (subject: Quad_Subject) => Quad[] {
  const index = new Map<string, Quad[]>();
  for (const q of quads) {
    const k = termKey(q.subject);
    const list = index.get(k);
    if (list) list.push(q);
    else index.set(k, [q]);
  }
  return (subject) => index.get(termKey(subject)) ?? [];
}

/**
 * The description of one dataset or service: every triple reachable from it (its distributions,
 * temporal coverage, checksums…) plus the resources it points to (publisher, contact points, themes,
 * vocabulary terms), without following into other datasets or the catalog.
 */
export function resourceQuads(quadsOf: (subject: Quad_Subject) => Quad[], root: NamedNode, stopAt: (node: string) => boolean): Quad[] {
  const out: Quad[] = [];
  const seen = new Set<string>([root.value]);
  const queue: Quad_Subject[] = [root];
  const typeAndText = new Set([a.value, `${ns.dct}title`, `${ns.dct}description`]);
  for (let i = 0; i < queue.length; i++) {
    for (const q of quadsOf(queue[i]!)) {
      out.push(q);
      const o = q.object;
      if ((o.termType !== 'NamedNode' && o.termType !== 'BlankNode') || seen.has(o.value)) continue;
      seen.add(o.value);
      if (o.termType === 'NamedNode' && stopAt(o.value)) {
        // Another dataset or service: only what it is, its title and description (the mandatory properties), so links stay typed.
        for (const t of quadsOf(o)) if (typeAndText.has(t.predicate.value)) out.push(t);
      } else queue.push(o);
    }
  }
  return out;
}
