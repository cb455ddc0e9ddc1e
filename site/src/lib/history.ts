// The public change history of a dataset as rows for its page: when, what (the dataset or one of its
// files), which fields, and the workflow step. Labels come from the UI strings and the vocabularies.
import type { Dataset } from './portal.ts';
import { t, term, type Lang, type UiKey } from './i18n.ts';
import type { HistoryEntry } from '../../../domain/snapshot.ts';
import vi from '../i18n/vi.json' with { type: 'json' };

export interface HistoryRow {
  date: string;
  target: string;
  change: string;
}

function fieldLabel(name: string, lang: Lang): string {
  const key = `field.${name}`;
  return key in vi ? t(lang, key as UiKey) : name;
}

export function historyRows(d: Dataset, entries: readonly HistoryEntry[] | undefined, lang: Lang): HistoryRow[] {
  return (entries ?? []).map((e) => {
    const file = d.distribution.find((x) => x.id === e.target);
    const target = e.target === 'dataset' ? t(lang, 'history.dataset') : t(lang, 'history.file', { name: file?.title ? (lang === 'en' && file.title.en ? file.title.en : file.title.vi) : e.target });
    const parts: string[] = [];
    if (e.status)
      parts.push(
        e.status.from
          ? t(lang, 'history.status', { from: term('PublicationStatus', e.status.from, lang), to: term('PublicationStatus', e.status.to, lang) })
          : t(lang, 'history.statusNew', { to: term('PublicationStatus', e.status.to, lang) }),
      );
    if (e.action === 'create') parts.push(t(lang, 'history.created'));
    else if (e.action === 'delete') parts.push(t(lang, 'history.deleted'));
    else if (e.fields.length) parts.push(t(lang, 'history.fields', { fields: e.fields.map((f) => fieldLabel(f, lang)).join(', ') }));
    return { date: e.date, target, change: parts.join('; ') };
  });
}
