// What a page says about data the public may not download: the description of shared, master and
// internal data is public so that agencies know what exists and how to ask for it (domain/visibility.ts),
// the files are not. For such a dataset or service: who may use it, under what conditions, through
// which service (LGSP, the national platform, a direct connection) and how to ask.
import type { DataService, LangString } from '../../../catalog-schema/generated/types.ts';
import { filesPublic } from '../../../domain/visibility.ts';
import { term, text, type Lang } from './i18n.ts';
import { paths, servicesOfDataset, type Dataset, type Portal } from './portal.ts';
import { publishPaths } from './workspace/paths.ts';

export interface AgencyRef {
  id: string;
  name: string;
  /** Its page, when the agency is in the catalog. */
  href?: string;
}

export interface ServiceRef {
  id: string;
  title: string;
  /** The language of the title as written (Vietnamese when no English title). */
  titleLang: Lang;
  href: string;
  /** LGSP, the national platform or a direct connection. */
  connection: string;
}

export interface DatasetAccess {
  /** The access level's label. */
  level: string;
  /** Who may use the data: every agency, the listed agencies, or the owning agency alone. */
  who: { kind: 'agencies' } | { kind: 'listed'; agencies: AgencyRef[] } | { kind: 'internal'; owner: AgencyRef };
  /** The agency's access guidelines (Markdown), if it wrote some. */
  guidelines?: LangString;
  personalData: boolean;
  services: ServiceRef[];
  /** The dataset's sharing methods, as labels. */
  methods: string[];
  /** Where an agency files a connection request for the data. */
  connectionHref: string;
  /** Where a citizen or a business proposes to open the data. */
  proposeHref: string;
}

function agencyRef(p: Portal, id: string, lang: Lang): AgencyRef {
  const a = p.agentById.get(id);
  return { id, name: text(a?.name, lang) || id, ...(a ? { href: paths.agency(lang, id) } : {}) };
}

/** How to get the data of a dataset whose files are not public; undefined for open data (its files are on the page). */
export function datasetAccess(p: Portal, d: Dataset, lang: Lang): DatasetAccess | undefined {
  if (filesPublic(d)) return undefined;
  const owner = d.owningAgency ?? d.publisher;
  const who: DatasetAccess['who'] =
    d.accessLevel === 'internal'
      ? { kind: 'internal', owner: agencyRef(p, owner, lang) }
      : d.allowedAgencies?.length
        ? { kind: 'listed', agencies: d.allowedAgencies.map((a) => agencyRef(p, a, lang)) }
        : { kind: 'agencies' };
  return {
    level: term('AccessLevel', d.accessLevel, lang),
    who,
    ...(d.accessGuidelines ? { guidelines: d.accessGuidelines } : {}),
    personalData: d.containsPersonalData === true,
    services: servicesOfDataset(p, d.id).map((s) => serviceRef(s, lang)),
    methods: (d.sharingMethod ?? []).map((m) => term('SharingMethod', m, lang)),
    connectionHref: publishPaths.newConnection(lang, { dataset: d.id }),
    proposeHref: paths.requestForm(lang, `kind=open_data&dataset=${encodeURIComponent(d.id)}`),
  };
}

function serviceRef(s: DataService, lang: Lang): ServiceRef {
  return { id: s.id, title: text(s.title, lang), titleLang: lang === 'en' && s.title.en ? 'en' : 'vi', href: paths.service(lang, s.id), connection: term('ConnectionModel', s.connectionModel, lang) };
}

/** Whether anyone may call the service, or only the agencies it authorises (a connection request first). */
export function serviceRestricted(s: Pick<DataService, 'accessLevel'>): boolean {
  return s.accessLevel !== 'public';
}
