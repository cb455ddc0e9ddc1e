import { describe, expect, it } from 'vitest';
import { dashboard, dashboardTotals } from '../src/lib/dashboard.ts';
import { buildPortal } from '../src/lib/portal.ts';
import { assessQuality } from '../src/lib/quality.ts';
import { seedSnapshot } from './fixtures.ts';

const snapshot = seedSnapshot();
const p = buildPortal(snapshot);
const today = '2026-11-23';

describe('governance dashboard', () => {
  const tables = dashboard(p, 'vi', today);
  const table = (id: string) => tables.find((x) => x.id === id)!;

  it('counts every public dataset once by agency, and as many times as it has themes by theme', () => {
    expect(table('agency').rows.reduce((s, r) => s + r.values[0]!, 0)).toBe(p.datasets.length);
    expect(table('theme').rows.reduce((s, r) => s + r.values[0]!, 0)).toBe(p.datasets.reduce((s, d) => s + (d.theme?.length ?? 0), 0));
    expect(table('agency').rows[0]!.href).toMatch(/^\/agencies\/[a-z0-9-]+\/$/);
  });

  it('counts files by format with the vocabulary labels', () => {
    const files = p.datasets.reduce((s, d) => s + d.distribution.length, 0);
    expect(table('format').rows.reduce((s, r) => s + r.values[0]!, 0)).toBe(files);
    expect(table('format').rows.map((r) => r.label)).toContain('CSV');
  });

  it('puts the agencies with overdue datasets first, as the quality report judges them', () => {
    const overdue = p.datasets.filter((d) => assessQuality(d, p.profiles, today).overdue).length;
    expect(overdue).toBeGreaterThan(0);
    expect(dashboardTotals(tables)).toEqual({ datasets: p.datasets.length, overdue, agencies: table('agency').rows.length });
    const late = table('timeliness').rows.map((r) => r.values[1]!);
    expect(late).toEqual([...late].sort((a, b) => b - a));
  });

  it('speaks English under /en/', () => {
    const en = dashboard(p, 'en', today);
    expect(en.find((x) => x.id === 'timeliness')!.columns).toEqual(['Publisher', 'On time', 'Overdue']);
    expect(en.find((x) => x.id === 'agency')!.rows[0]!.href).toMatch(/^\/en\/agencies\//);
  });
});
