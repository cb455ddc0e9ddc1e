// Lighthouse scores of pages, in Debian's Chromium (headless), on loopback.
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { testConfig } from '../../platform/config.ts';

export interface LighthouseRow {
  url: string;
  /** null: Lighthouse could not score the category (the reason is in `note`). */
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
  note?: string;
}

export async function lighthouseScores(urls: string[], chromePath = testConfig().chromiumPath, log = console.log): Promise<LighthouseRow[]> {
  const chrome = await launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const rows: LighthouseRow[] = [];
    for (const url of urls) {
      // A category Lighthouse cannot score (a metric it failed to observe on a busy machine) is
      // measured once more, then reported as not scored with Lighthouse's reason, never as 0.
      let row: LighthouseRow | undefined;
      for (let attempt = 1; attempt <= 2 && (!row || row.performance === null); attempt++) {
        const r = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] });
        const c = r?.lhr.categories ?? {};
        const score = (k: string) => (typeof c[k]?.score === 'number' ? Math.round(c[k].score * 100) : null);
        const errors = [
          r?.lhr.runtimeError?.message,
          ...Object.values(r?.lhr.audits ?? {}).flatMap((a) => (a.scoreDisplayMode === 'error' && a.errorMessage ? [`${a.id}: ${a.errorMessage}`] : [])),
        ].filter(Boolean);
        row = {
          url,
          performance: score('performance'),
          accessibility: score('accessibility'),
          bestPractices: score('best-practices'),
          seo: score('seo'),
          ...(errors.length ? { note: errors.slice(0, 3).join('; ') } : {}),
        };
      }
      rows.push(row!);
      const shown = (v: number | null) => (v === null ? 'not scored' : String(v));
      log(
        `  lighthouse ${url}: performance ${shown(row!.performance)}, accessibility ${shown(row!.accessibility)}, best practices ${shown(row!.bestPractices)}, SEO ${shown(row!.seo)}${row!.note ? ` (${row!.note})` : ''}`,
      );
    }
    return rows;
  } finally {
    chrome.kill();
  }
}
