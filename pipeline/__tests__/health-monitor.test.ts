// The health monitor against a real HTTP service on loopback that goes up and down. Every test has
// its own log in a folder of its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAvailability, healthByService, readHealthLog, type HealthCheck } from '../../domain/health.ts';
import { loadSeed } from '../../cms/src/seed-data.ts';
import type { DataService } from '../../catalog-schema/generated/types.ts';
import { healthTargets, runHealthPass, writeLiveStatus } from '../health-monitor.ts';
import { parseFetchAllow } from '../../platform/safe-fetch.ts';

// The services here listen on loopback, which the monitor calls only when the operator allows it.
const allow = parseFetchAllow('127.0.0.1');
let dir = '';
let file = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'odp-health-'));
  file = path.join(dir, 'health.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A health endpoint on loopback: answers 200, or 503 when told to; it can stop and start again on the same port. */
function healthService() {
  let mode: 'up' | 'error' = 'up';
  let server: Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        if (req.url !== '/health') return void res.writeHead(404).end();
        if (mode === 'error') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"down"}');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      });
      server.listen(port, '127.0.0.1', () => ((port = (server!.address() as AddressInfo).port), resolve()));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server?.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections(); // a service that goes down drops its connections too
    });
  return { start, stop, answer: (m: 'up' | 'error') => void (mode = m), target: () => ({ service: 'dich-vu-thu', url: `http://127.0.0.1:${port}/health` }) };
}

describe('health monitor', () => {
  const health = () => healthByService(readHealthLog(file)).get('dich-vu-thu')!;

  it('records an outage when the service goes down and comes back, and the availability figure moves', async () => {
    const svc = healthService();
    await svc.start();
    try {
      await runHealthPass([svc.target()], { file, allow });
      await runHealthPass([svc.target()], { file, allow });
      expect(health()).toMatchObject({ availability24h: 1, checks24h: 2, outages: [] });
      expect(health().last).toMatchObject({ ok: true, status: 200 });
      expect(health().medianLatencyMs).toBeGreaterThanOrEqual(0);

      svc.answer('error'); // answers, but 503
      await runHealthPass([svc.target()], { file, allow });
      await svc.stop(); // no longer listening: connection refused
      const [refused] = await runHealthPass([svc.target()], { file, allow });
      expect(refused).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
      expect(refused?.status).toBeUndefined();
      expect(health()).toMatchObject({ availability24h: 0.5, checks24h: 4 });
      expect(health().outages).toEqual<Record<string, unknown>[]>([{ from: expect.any(String), checks: 2, error: 'HTTP 503' }]);

      svc.answer('up');
      await svc.start();
      await runHealthPass([svc.target()], { file, allow });
      const h = health();
      expect(h.availability24h).toBeCloseTo(0.6);
      expect(h.availability30d).toBeCloseTo(0.6);
      expect(h.outages).toHaveLength(1);
      expect(h.outages[0]?.to).toBe(h.last?.time);
      expect(formatAvailability(h.availability24h, 'vi')).toBe('60 %');
      expect(formatAvailability(h.availability24h, 'en')).toBe('60%');
    } finally {
      await svc.stop();
    }
  });

  it('counts a service that does not answer in time as down', async () => {
    const slow = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    try {
      const [check] = await runHealthPass([{ service: 'cham', url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/health` }], { file, timeoutMs: 300, allow });
      expect(check).toMatchObject({ ok: false, error: 'timeout' });
      expect(readHealthLog(file)).toEqual([check]);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });

  it('publishes the live summary the status pages read', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const at = (minutesAgo: number, c: Partial<HealthCheck>): HealthCheck => ({ service: 'dich-vu-thu', time: new Date(now.getTime() - minutesAgo * 60_000).toISOString(), ok: true, ...c });
    const log = [
      at(50, { status: 200, latencyMs: 40 }),
      at(40, { status: 200, latencyMs: 20 }),
      at(30, { ok: false, status: 503, error: 'HTTP 503' }),
      at(20, { ok: false, error: 'ECONNREFUSED' }),
      at(10, { status: 200, latencyMs: 30 }),
    ];
    writeFileSync(file, log.map((c) => `${JSON.stringify(c)}\n`).join(''));
    const out = path.join(dir, 'client', 'status', 'health.json');
    writeLiveStatus(file, out, now);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      generatedAt: now.toISOString(),
      services: { 'dich-vu-thu': { availability24h: 0.6, availability30d: 0.6, checks24h: 5, checks30d: 5, medianLatencyMs: 30, last: log[4] } },
    });
  });

  it('skips a torn last line instead of failing the build', () => {
    const good: HealthCheck = { service: 'a', time: new Date().toISOString(), ok: true, status: 200, latencyMs: 3 };
    writeFileSync(file, `${JSON.stringify(good)}\n{"service":"a","ti`);
    expect(readHealthLog(file)).toEqual([good]);
  });

  it('keeps 24 h and 30 d windows apart', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const at = (hoursAgo: number, ok: boolean): HealthCheck => ({ service: 'a', time: new Date(now.getTime() - hoursAgo * 3600_000).toISOString(), ok });
    const h = healthByService([at(1, true), at(2, true), at(48, false), at(24 * 40, false)], now).get('a')!;
    expect(h.availability24h).toBe(1);
    expect(h.availability30d).toBeCloseTo(2 / 3);
    expect(h.checks30d).toBe(3);
  });

  it('checks the public services that declare a health URL, not the shared, terminated or silent ones', () => {
    // The published services of the seed, shared ones included, and two that must not be called.
    const published = (loadSeed().DataService as unknown as DataService[]).filter((s) => s.status === 'published');
    const bus = published.find((s) => s.id === 'api-du-lieu-xe-buyt')!;
    const terminated = { ...bus, id: 'dich-vu-da-cham-dut', serviceState: 'terminated' } as DataService;
    const silent = { ...bus, id: 'dich-vu-khong-kiem-tra', healthURL: undefined } as DataService;
    const targets = healthTargets([...published, terminated, silent]);
    expect(targets.map((t) => t.service).sort()).toEqual([
      'api-chat-luong-moi-truong',
      'api-co-so-y-te',
      'api-danh-muc-dung-chung',
      'api-du-lieu-du-lich',
      'api-du-lieu-xe-buyt',
      'api-wifi-cong-cong',
    ]);
    expect(published.filter((s) => s.accessLevel === 'agencies' && s.healthURL).length).toBeGreaterThan(0); // e.g. lgsp-vi-tri-xe-buyt, not called
    expect(targets.find((t) => t.service === 'api-du-lieu-xe-buyt')?.url).toBe(bus.healthURL);
  });
});
