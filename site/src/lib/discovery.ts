// What search engines and feed readers read: schema.org Dataset JSON-LD (Google Dataset Search),
// the sitemap, robots.txt and Atom feeds of new and updated datasets.
import { formatDateTime, t, term, termInfo, text, type Lang } from './i18n.ts';
import { plainText } from '../../../domain/markdown.ts';
import { formatsOf, lastUpdate, loadPortal, newestDatasets, paths, placeLabel, recentlyUpdated, type Dataset, type Portal } from './portal.ts';

const abs = (base: string, p: string) => new URL(p, base).href;

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function datasetSchemaOrg(p: Portal, d: Dataset, lang: Lang, base: string): Record<string, unknown> {
  const agent = p.agentById.get(d.publisher);
  const org = agent ? { '@type': 'GovernmentOrganization', name: text(agent.name, lang), url: abs(base, paths.agency(lang, agent.id)) } : undefined;
  const licenseUrl = d.license ? (termInfo('License', d.license)?.url as string | undefined) : undefined;
  const description = plainText(text(d.description, lang));
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    name: text(d.title, lang),
    // Google asks for 50 to 5,000 characters.
    description: description.length >= 50 ? description.slice(0, 5000) : `${description} — ${text(d.title, lang)}`.slice(0, 5000),
    url: abs(base, paths.dataset(lang, d.id)),
    identifier: d.identifier ?? d.id,
    keywords: [...(d.keyword?.[lang] ?? d.keyword?.vi ?? [])],
    ...(licenseUrl ? { license: licenseUrl } : {}),
    isAccessibleForFree: d.accessLevel === 'public',
    ...(org ? { creator: org, publisher: org } : {}),
    ...(d.issued ? { datePublished: d.issued } : {}),
    ...(lastUpdate(d) ? { dateModified: lastUpdate(d) } : {}),
    ...(d.temporal?.start || d.temporal?.end ? { temporalCoverage: `${d.temporal.start ?? '..'}/${d.temporal.end ?? '..'}` } : {}),
    ...(d.spatial?.length ? { spatialCoverage: d.spatial.map((c) => ({ '@type': 'Place', name: placeLabel(p, c, lang) })) } : {}),
    inLanguage: d.language ?? ['vi'],
    includedInDataCatalog: { '@type': 'DataCatalog', name: text(p.snapshot.catalog.title, lang), url: abs(base, paths.home(lang)) },
    distribution: d.distribution.map((x) => ({
      '@type': 'DataDownload',
      name: text(x.title, lang),
      encodingFormat: x.mediaType ?? (termInfo('FileFormat', x.format)?.mediaType as string | undefined) ?? term('FileFormat', x.format, 'en'),
      contentUrl: abs(base, x.downloadURL ?? x.accessURL),
      ...(x.byteSize !== undefined ? { contentSize: `${x.byteSize} B` } : {}),
    })),
  };
}

const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const xml = (s: string) => s.replace(/[&<>"']/g, (c) => xmlEscapes[c] ?? c);

/** Every page of the portal in both languages, with the last change of dataset and service pages. */
export function sitemap(p: Portal, base: string): string {
  const entries: { loc: string; lastmod?: string }[] = [];
  for (const lang of ['vi', 'en'] as const) {
    for (const path of [
      paths.home(lang),
      paths.datasets(lang),
      paths.agencies(lang),
      paths.themes(lang),
      paths.services(lang),
      paths.status(lang),
      paths.systems(lang),
      paths.contacts(lang),
      paths.dashboard(lang),
    ])
      entries.push({ loc: path });
    for (const d of p.datasets) entries.push({ loc: paths.dataset(lang, d.id), lastmod: lastUpdate(d) });
    for (const a of p.agents) entries.push({ loc: paths.agency(lang, a.id) });
    for (const t of p.themes) entries.push({ loc: paths.theme(lang, t.id) });
    for (const s of p.services) entries.push({ loc: paths.service(lang, s.id), lastmod: s.modified ?? s.issued });
    entries.push({ loc: paths.codeLists(lang) });
    for (const c of p.snapshot.codeLists) entries.push({ loc: paths.codeList(lang, c.id), lastmod: c.modified });
  }
  const urls = entries.map((e) => `<url><loc>${xml(abs(base, e.loc))}</loc>${e.lastmod ? `<lastmod>${xml(e.lastmod)}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function robots(base: string): string {
  return `User-agent: *\nAllow: /\n# Search results are generated per query; the dataset list and pages hold everything.\nDisallow: /search/\nDisallow: /en/search/\n\nSitemap: ${abs(base, '/sitemap.xml')}\n`;
}

export const feedKinds = ['new', 'updated', 'notices'] as const;
export type FeedKind = (typeof feedKinds)[number];

export function feedPath(lang: Lang, kind: FeedKind): string {
  return `${lang === 'en' ? '/en' : ''}/feeds/${kind}.atom`;
}

/**
 * Atom feed of the notices about data-sharing services (HCMC 30/2026 art. 20-21), newest announced
 * first: planned maintenance, outages, terminations, restorations.
 */
export function noticesFeed(p: Portal, lang: Lang, base: string, title: string): string {
  const list = [...p.notices].sort((a, b) => b.announced.localeCompare(a.announced)).slice(0, 100);
  const updated = list[0]?.announced ?? p.snapshot.generatedAt;
  const self = abs(base, feedPath(lang, 'notices'));
  const entries = list.map((n) => {
    const service = p.serviceById.get(n.service);
    const url = abs(base, `${paths.service(lang, n.service)}#notice-${n.id}`);
    const agent = p.agentById.get(n.publisher);
    const lines = [
      service ? text(service.title, lang) : n.service,
      `${t(lang, 'notice.start')}: ${formatDateTime(n.start, lang)}`,
      n.expectedEnd ? `${t(lang, 'notice.expectedEnd')}: ${formatDateTime(n.expectedEnd, lang)}` : '',
      n.end ? `${t(lang, 'notice.end')}: ${formatDateTime(n.end, lang)}` : '',
      n.reason ? `${t(lang, 'notice.reason')}: ${text(n.reason, lang)}` : '',
      n.fallback ? `${t(lang, 'notice.fallback')}: ${text(n.fallback, lang)}` : '',
    ].filter(Boolean);
    return [
      '<entry>',
      `<id>${xml(url)}</id>`,
      `<title>${xml(`${term('NoticeKind', n.kind, lang)}: ${text(n.title, lang)}`)}</title>`,
      `<link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `<updated>${xml(n.end ?? n.announced)}</updated>`,
      `<published>${xml(n.announced)}</published>`,
      `<author><name>${xml(agent ? text(agent.name, lang) : n.publisher)}</name></author>`,
      `<category term="${xml(n.kind)}" label="${xml(term('NoticeKind', n.kind, lang))}"/>`,
      `<summary>${xml(lines.join('\n'))}</summary>`,
      '</entry>',
    ].join('');
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">\n<id>${xml(self)}</id>\n<title>${xml(title)}</title>\n<link rel="self" href="${xml(self)}"/>\n<link rel="alternate" type="text/html" href="${xml(abs(base, paths.status(lang)))}"/>\n<updated>${xml(updated)}</updated>\n${entries.join('\n')}\n</feed>\n`;
}

/** Atom feed of the 50 newest (by first publication) or most recently updated datasets. */
export function atomFeed(p: Portal, kind: FeedKind, lang: Lang, base: string, title: string): string {
  const list = kind === 'new' ? newestDatasets(p, 50) : recentlyUpdated(p, 50);
  const when = (d: Dataset) => (kind === 'new' ? d.issued : lastUpdate(d)) ?? p.snapshot.generatedAt.slice(0, 10);
  const stamp = (date: string) => (date.length === 10 ? `${date}T00:00:00Z` : date);
  const updated = list.map(when).sort().pop() ?? p.snapshot.generatedAt;
  const self = abs(base, feedPath(lang, kind));
  const entries = list.map((d) => {
    const url = abs(base, paths.dataset(lang, d.id));
    const agent = p.agentById.get(d.publisher);
    return [
      '<entry>',
      `<id>${xml(url)}</id>`,
      `<title>${xml(text(d.title, lang))}</title>`,
      `<link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `<link rel="describedby" type="application/ld+json" href="${xml(abs(base, `/datasets/${d.id}.jsonld`))}"/>`,
      `<updated>${xml(stamp(when(d)))}</updated>`,
      d.issued ? `<published>${xml(stamp(d.issued))}</published>` : '',
      `<author><name>${xml(agent ? text(agent.name, lang) : d.publisher)}</name></author>`,
      `<summary>${xml(plainText(text(d.description, lang)).slice(0, 500))}</summary>`,
      ...formatsOf(d).map((f) => `<category term="${xml(f)}" label="${xml(term('FileFormat', f, lang))}"/>`),
      '</entry>',
    ].join('');
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">\n<id>${xml(self)}</id>\n<title>${xml(title)}</title>\n<link rel="self" href="${xml(self)}"/>\n<link rel="alternate" type="text/html" href="${xml(abs(base, paths.datasets(lang)))}"/>\n<updated>${xml(stamp(updated))}</updated>\n${entries.join('\n')}\n</feed>\n`;
}

/** An Atom feed as served: /feeds/{new,updated,notices}.atom or /en/feeds/…. */
export function feedResponse(kind: FeedKind, lang: Lang, base: string): Response {
  const body = kind === 'notices' ? noticesFeed(loadPortal(), lang, base, t(lang, 'feed.notices')) : atomFeed(loadPortal(), kind, lang, base, t(lang, kind === 'new' ? 'feed.new' : 'feed.updated'));
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}
