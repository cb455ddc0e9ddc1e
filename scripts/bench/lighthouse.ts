// Lighthouse scores of pages, in Debian's Chromium (headless), on loopback.
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

export interface LighthouseRow {
  url: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
}

export async function lighthouseScores(urls: string[], chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', log = console.log): Promise<LighthouseRow[]> {
  const chrome = await launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const rows: LighthouseRow[] = [];
    for (const url of urls) {
      const r = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] });
      const c = r?.lhr.categories ?? {};
      const score = (k: string) => Math.round((c[k]?.score ?? 0) * 100);
      rows.push({ url, performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo') });
      log(`  lighthouse ${url}: performance ${score('performance')}, accessibility ${score('accessibility')}, best practices ${score('best-practices')}, SEO ${score('seo')}`);
    }
    return rows;
  } finally {
    chrome.kill();
  }
}
