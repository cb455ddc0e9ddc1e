// Markdown of catalog fields (descriptions, access guidelines, terms) rendered safely: micromark
// escapes raw HTML and drops dangerous URL protocols (javascript:, data:, vbscript:) unless told
// otherwise, and we never tell it otherwise. Headings are demoted so a description cannot break the
// page's outline.
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

const options = { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: false, allowDangerousProtocol: false };

// A build renders the same description on several pages (its own in two languages, the lists of its
// agency and themes, the schema.org record, the DCAT-AP export): each text is rendered once.
const rendered = new Map<string, string>();
const remembered = 100_000;

export function renderMarkdown(md: string | undefined): string {
  if (!md) return '';
  let html = rendered.get(md);
  if (html === undefined) {
    html = micromark(md.normalize('NFC'), options).replace(/<(\/?)h([1-6])>/g, (_m, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + 2)}>`);
    if (rendered.size >= remembered) rendered.clear();
    rendered.set(md, html);
  }
  return html;
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/** The words of a Markdown text without markup (for search documents, summaries and meta descriptions). */
export function plainText(md: string | undefined): string {
  if (!md) return '';
  return (
    renderMarkdown(md)
      .replace(/<[^>]*>/g, ' ')
      .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (m) => entities[m] ?? m)
      // eslint-disable-next-line no-control-regex -- removing control characters (all but tab and line feed) is what this line is for
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The first sentence(s) of a text, at most `max` characters, cut at a word boundary. */
export function summary(s: string, max = 200): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const at = cut.lastIndexOf(' ');
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[\s,;:.]+$/, '')}…`;
}
