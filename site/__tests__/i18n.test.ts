import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../src/i18n/en.json' with { type: 'json' };
import vi from '../src/i18n/vi.json' with { type: 'json' };
import { formatBytes, formatDate, langOfPath, switchPath, t, text } from '../src/lib/i18n.ts';
import { plainText, renderMarkdown, summary } from '../../domain/markdown.ts';

const srcDir = path.resolve(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(astro|ts)$/.test(f) ? [p] : [];
  });
}

describe('UI strings', () => {
  it('have the same keys in Vietnamese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of [...Object.entries(vi), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });

  it('exist for every key the pages use', () => {
    const used = new Set<string>();
    for (const f of files(srcDir)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]!);
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(`([a-zA-Z]+)\.\$\{/g)) used.add(`${m[1]}.`);
    }
    const keys = Object.keys(vi);
    for (const k of used) expect(k.endsWith('.') ? keys.some((x) => x.startsWith(k)) : keys.includes(k), k).toBe(true);
    expect(used.size).toBeGreaterThan(50);
  });

  it('fill placeholders and fall back to Vietnamese catalog text', () => {
    expect(t('vi', 'common.datasetCount', { n: 3 })).toBe('3 tập dữ liệu');
    expect(text({ vi: 'Giao thông' }, 'en')).toBe('Giao thông');
    expect(text({ vi: 'Giao thông', en: 'Transport' }, 'en')).toBe('Transport');
  });

  it('format dates and sizes the way each language writes them', () => {
    expect(formatDate('2026-11-23', 'vi')).toBe('23/11/2026');
    expect(formatDate('2026-11-23', 'en')).toBe('23 Nov 2026');
    expect(formatBytes(4412, 'vi')).toBe('4,4 kB');
    expect(formatBytes(4412, 'en')).toBe('4.4 kB');
    expect(formatBytes(999, 'en')).toBe('999 B');
  });

  it('switch between /… and /en/… for the same page', () => {
    expect(switchPath('/datasets/x/', 'en')).toBe('/en/datasets/x/');
    expect(switchPath('/en/datasets/x/', 'vi')).toBe('/datasets/x/');
    expect(switchPath('/en/', 'vi')).toBe('/');
    expect(switchPath('/', 'en')).toBe('/en/');
    expect(langOfPath('/en/search/')).toBe('en');
    expect(langOfPath('/entries/')).toBe('vi');
  });
});

describe('Markdown of catalog fields', () => {
  it('never lets a script, an event handler or a javascript: link through', () => {
    const html = renderMarkdown('Xin chào <script>alert(1)</script> <img src=x onerror=alert(1)> [bấm](javascript:alert(1)) [ok](https://example.org)');
    expect(html).not.toMatch(/<script|<img|<[^>]*\sonerror=|href="javascript:/i);
    expect(html).toContain('<a href="">bấm</a>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="https://example.org"');
  });

  it('demotes headings below the page title and gives plain text for summaries', () => {
    expect(renderMarkdown('# Tiêu đề')).toContain('<h3>');
    expect(plainText('**Dữ liệu** _mở_ & <b>tự do</b>')).toBe('Dữ liệu mở & <b>tự do</b>');
    expect(summary('một hai ba bốn năm sáu', 12)).toBe('một hai ba…');
  });
});
