// The health monitor against a real HTTP service on loopback that goes up and down.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthByService, readHealthLog, serviceHealth, formatAvailability, type HealthCheck } from '../../domain/health.ts';
import { healthTargets, runHealthPass, writeLiveStatus, type HealthTarget } from '../health-monitor.ts';
import { seedSnapshot } from './fixtures.ts';

let mode: 'up' | 'error' = 'up';
let server: Server;
let port = 0;
const dir = mkdtempSync(path.join(tmpdir(), 'odp-health-'));
const file = path.join(dir, 'health.jsonl');

function listen(): Promise<void> {
  server = createServer((req, res) => {
    if (req.url !== '/health') return void res.writeHead(404).end();
    if (mode === 'error') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"down"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => ((port = (server.address() as AddressInfo).port), resolve())));
}
const close = () =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections(); // a service that goes down drops its connections too
  });

beforeAll(listen);
afterAll(async () => {
  if (server.listening) await close();
  rmSync(dir, { recursive: true, force: true });
});

describe('health monitor', () => {
  const target = (): HealthTarget => ({ service: 'dich-vu-thu', url: `http://127.0.0.1:${port}/health` });
  const health = () => serviceHealth(readHealthLog(file).filter((c) => c.service === 'dich-vu-thu'));

  it('records an outage when the service goes down and comes back, and the availability figure moves', async () => {
    await runHealthPass([target()], { file });
    await runHealthPass([target()], { file });
    expect(health()).toMatchObject({ availability24h: 1, checks24h: 2, outages: [] });
    expect(health().last).toMatchObject({ ok: true, status: 200 });
    expect(health().medianLatencyMs).toBeGreaterThanOrEqual(0);

    mode = 'error'; // answers, but 503
    await runHealthPass([target()], { file });
    await close(); // no longer listening: connection refused
    const [refused] = await runHealthPass([target()], { file });
    expect(refused).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect(refused?.status).toBeUndefined();
    expect(health()).toMatchObject({ availability24h: 0.5, checks24h: 4 });
    expect(health().outages).toEqual([{ from: expect.any(String), checks: 2, error: 'HTTP 503' }]);

    mode = 'up';
    await listen();
    await runHealthPass([target()], { file });
    const h = health();
    expect(h.availability24h).toBeCloseTo(0.6);
    expect(h.availability30d).toBeCloseTo(0.6);
    expect(h.outages).toHaveLength(1);
    expect(h.outages[0]?.to).toBe(h.last?.time);
    expect(formatAvailability(h.availability24h, 'vi')).toBe('60 %');
    expect(formatAvailability(h.availability24h, 'en')).toBe('60%');
  });

  it('counts a service that does not answer in time as down', async () => {
    const slow = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    const [check] = await runHealthPass([{ service: 'cham', url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/health` }], { file, timeoutMs: 300 });
    slow.closeAllConnections();
    await new Promise<void>((r) => slow.close(() => r()));
    expect(check).toMatchObject({ ok: false, error: 'timeout' });
  });

  it('publishes the live summary the status pages read', () => {
    const out = path.join(dir, 'client', 'status', 'health.json');
    writeLiveStatus(file, out);
    const live = JSON.parse(readFileSync(out, 'utf8')) as { services: Record<string, { availability24h: number }> };
    expect(live.services['dich-vu-thu']?.availability24h).toBeCloseTo(0.6);
  });

  it('skips a torn last line instead of failing the build', () => {
    const torn = path.join(dir, 'torn.jsonl');
    const good: HealthCheck = { service: 'a', time: new Date().toISOString(), ok: true, status: 200, latencyMs: 3 };
    writeFileSync(torn, `${JSON.stringify(good)}\n{"service":"a","ti`);
    expect(readHealthLog(torn)).toEqual([good]);
  });

  it('keeps 24 h and 30 d windows apart', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const at = (hoursAgo: number, ok: boolean): HealthCheck => ({ service: 'a', time: new Date(now.getTime() - hoursAgo * 3600_000).toISOString(), ok });
    const h = healthByService([at(1, true), at(2, true), at(48, false), at(24 * 40, false)], now).get('a')!;
    expect(h.availability24h).toBe(1);
    expect(h.availability30d).toBeCloseTo(2 / 3);
    expect(h.checks30d).toBe(3);
  });

  it('checks the public services of the catalog that declare a health URL', () => {
    const targets = healthTargets(seedSnapshot().dataServices);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((t) => /^https?:\/\//.test(t.url))).toBe(true);
    expect(targets.map((t) => t.service)).toContain('api-du-lieu-xe-buyt');
    expect(targets.map((t) => t.service)).not.toContain('lgsp-vi-tri-xe-buyt'); // agencies only
  });
});
