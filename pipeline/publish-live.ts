// Publish to live: when a reviewer publishes or withdraws an entry in the CMS, the CMS hook calls
// this small endpoint of the running pipeline (`npm start`), which reads the changed entries,
// validates them and has the live portal server switch to the catalog with them (`incremental`);
// after many changes, or when asked, it builds the whole site into a new folder and swaps it in
// (pipeline/live-site.ts). The search index already follows the entry (the hook re-indexes only that
// dataset, search/src/live-index.ts).
//
// Why an endpoint of the pipeline process and not a Directus Flow: the build needs the project's
// tool chain and files (Astro, profiles, the live server), which live beside the pipeline, not inside
// Directus; a Flow would only add a second place to configure the same HTTP call. The endpoint
// listens on 127.0.0.1 only and wants a secret generated at every start and given to Directus alone.
//
// What "only what changed" means here: the CMS is read for the changed entries, file profiles come
// from the checksum cache (only new files are read), the search index is updated for the one
// dataset, and the pages that can show the change are rendered from the new catalog on request by
// the renderer (pipeline/renderer.ts, site/src/lib/live-routing.ts); the benchmark measures the
// total (measurePublishToLive).
import { createNotification, readItem, updateItem } from '@directus/sdk';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { OdpError } from '../catalog-schema/src/errors.ts';
import { describeCmsError, type Cms } from '../cms/src/client.ts';
import { buildConfig, paths, profilesFileFor, portalOrigins, usageFileFor } from '../platform/config.ts';
import { readSnapshot, writeSnapshot, type CatalogSnapshot } from '../domain/snapshot.ts';
import { readProfiles, type Profiles } from '../domain/profiles.ts';
import { readUsage, usageRecord } from '../domain/usage.ts';
import type { LiveSite } from './live-site.ts';
import { loadPiiRules, portalRoots, scanDistributions, describePiiReport } from '../domain/pii-scan.ts';
import { buildSite } from './site-build.ts';
import { patchCatalog } from './catalog-source.ts';
import { profileDistributions, writeProfiles } from './profile-files.ts';
import { copyPublishedUploads, withdrawUploads } from './uploaded-files.ts';
import { ingestInBackground } from './data-ingest.ts';

export interface PublishRequest {
  /** Datasets that changed (published, withdrawn, edited while published, deleted). */
  datasets: string[];
  /** Data services that changed. */
  services?: string[];
  /** The public list of requests changed (an agency answered or moved a request on). */
  requests?: boolean;
  /** The CMS user who made the change: told when it fails. */
  user?: string;
  /** A full build even when the live portal could switch the catalog (an operator's rebuild; agencies, themes or code lists edited). */
  full?: boolean;
}

export interface PublishResult {
  ok: boolean;
  ms: number;
  datasets: string[];
  /** `incremental`: the catalog switched, the changed pages rendered from it; `build`: a full build swapped in. */
  how?: 'incremental' | 'build';
  pages?: number;
  error?: string;
}

/**
 * Past this many entries published since the last full build, the next publish is a full build: the
 * static pages are made again, and the renderer goes back to rendering only what changes after.
 */
export function rebuildAfter(datasets: number): number {
  return Math.max(200, Math.round(datasets * 0.05));
}

export interface PublisherOptions {
  host: string;
  port: number;
  secret: string;
  cmsUrl: string;
  /** A fresh administrator client (reads revisions, writes notifications). */
  admin: () => Promise<Cms>;
  site: LiveSite;
  /** Folder of the builds (each in its own numbered folder); the last good snapshot is copied to `snapshotFile`. */
  buildsDir: string;
  snapshotFile: string;
  publicDir: string;
  piiPatterns: string;
  log?: (m: string) => void;
}

export interface Publisher {
  url: string;
  /** Runs one publish now (requests arriving meanwhile are merged into the next one). */
  publish(req: PublishRequest): Promise<PublishResult>;
  /** Results of the publishes so far, newest last. */
  results: PublishResult[];
  /** Whether a build runs or waits. */
  busy(): boolean;
  stop(): Promise<void>;
}

/** Waits until the publisher at `url` (…/publish) has no build running or waiting. */
export async function publisherIdle(url: string, secret: string, timeoutMs = 300_000): Promise<void> {
  const t = Date.now();
  for (;;) {
    const r = await fetch(`${url}/status`, { headers: { Authorization: `Bearer ${secret}` } });
    if (!r.ok) throw new OdpError('PUBLISH_STATUS', `publisher status: HTTP ${r.status}`);
    if (!((await r.json()) as { busy: boolean }).busy) return;
    if (Date.now() - t > timeoutMs) throw new OdpError('PUBLISH_TIMEOUT', `publisher still busy after ${timeoutMs / 1000} s`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** The build the live site serves now (its folder and snapshot), once no build runs or waits. */
export async function liveBuildOf(url: string, secret: string): Promise<{ outDir: string; snapshotFile: string }> {
  await publisherIdle(url, secret);
  const r = await fetch(`${url}/status`, { headers: { Authorization: `Bearer ${secret}` } });
  if (!r.ok) throw new OdpError('PUBLISH_STATUS', `publisher status: HTTP ${r.status}`);
  return ((await r.json()) as { live: { outDir: string; snapshotFile: string } }).live;
}

export function publishSecret(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startPublisher(o: PublisherOptions): Promise<Publisher> {
  const log = o.log ?? console.log;
  const results: PublishResult[] = [];
  let n = Number(
    readdirSync(o.buildsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^\d+$/.test(e.name))
      .map((e) => Number(e.name))
      .sort((a, b) => b - a)[0] ?? 0,
  );

  async function notify(admin: Cms, req: PublishRequest, message: string): Promise<void> {
    // Told in the CMS: a notification to the person who published, with the reason.
    if (!req.user) return;
    const entries = [...req.datasets.map((id) => ['datasets', id] as const), ...(req.services ?? []).map((id) => ['data_services', id] as const)];
    for (const [collection, id] of entries.slice(0, 5)) {
      await admin
        .request(createNotification({ recipient: req.user, subject: `Chưa đưa lên cổng / not live: ${id}`, message, collection, item: id }))
        .catch((err: unknown) => log(`! notification not written: ${describeCmsError(err)}`));
    }
  }

  /** The builds folders in use: the live catalog's, the live static build's, and the newest. */
  function keepBuilds(): void {
    const live = o.site.current();
    const inUse = new Set([live.outDir, live.snapshotFile].map((f) => path.relative(o.buildsDir, f).split(path.sep)[0]));
    for (const e of readdirSync(o.buildsDir)) if (/^\d+$/.test(e) && Number(e) < n - 1 && !inUse.has(e)) rmSync(path.join(o.buildsDir, e), { recursive: true, force: true });
  }

  /** Keeps the catalog just served as the last good one, for `npm run build` when the CMS is down. */
  function keepLastGood(snapshotFile: string): void {
    for (const [from, to] of [
      [snapshotFile, o.snapshotFile],
      [profilesFileFor(snapshotFile), profilesFileFor(o.snapshotFile)],
    ] as const) {
      if (!existsSync(from)) continue;
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(from, `${to}.tmp`);
      renameSync(`${to}.tmp`, to);
    }
  }

  const checkFiles = async (s: CatalogSnapshot, req: PublishRequest) => {
    // Files can change on disk after the CMS checked them: the changed datasets are scanned again.
    const open = s.datasets.filter((d) => req.datasets.includes(d.id));
    const report = await scanDistributions(
      open.flatMap((d) => d.distribution),
      loadPiiRules(o.piiPatterns),
      portalRoots(o.publicDir, paths().uploadsDir),
      { portalOrigins: portalOrigins() },
    );
    if (report.hits.length) throw new OdpError('PERSONAL_DATA_FOUND', describePiiReport(report));
  };

  /**
   * The incremental publish: the changed entries read from the CMS into a copy of the live catalog,
   * their files profiled, and the live portal server switched to it in one step; the pages that show
   * the changed entries are rendered from it from then on (site/src/lib/live-routing.ts). The static
   * pages of every other entry stay as they are. Nothing is switched when a step fails.
   */
  /**
   * The live catalog and its profiles as the last incremental publish left them: the next one starts
   * from here instead of reading the files again (at 10,000 datasets reading takes longer than the
   * rest of a publish). A full build forgets it.
   */
  let held: { file: string; snapshot: CatalogSnapshot; profiles: Profiles } | undefined;

  async function incremental(req: PublishRequest, snapshotFile: string, admin: Cms): Promise<PublishResult> {
    const t = Date.now();
    const steps: string[] = [];
    let lap = Date.now();
    const step = (name: string) => {
      steps.push(`${name} ${Date.now() - lap} ms`);
      lap = Date.now();
    };
    const live = o.site.current();
    if (held?.file !== live.snapshotFile) held = { file: live.snapshotFile, snapshot: readSnapshot(live.snapshotFile), profiles: readProfiles(profilesFileFor(live.snapshotFile)) };
    step('read');
    const loaded = await patchCatalog(held.snapshot, o.cmsUrl, { datasets: req.datasets, services: req.services ?? [], ...(req.requests ? { requests: true } : {}) }, { admin });
    if (loaded.historyNote) log(`! Lịch sử thay đổi / change history: ${loaded.historyNote}`);
    const { snapshot: s, patch } = loaded;
    step('cms');
    await checkFiles(s, req);
    patch.usage = s.usage = usageRecord(readUsage(usageFileFor(snapshotFile), s.generatedAt.slice(0, 10)));
    const changed = s.datasets.filter((d) => req.datasets.includes(d.id));
    const options = { publicDir: buildConfig().publicDir, uploadsDir: paths().uploadsDir, portalOrigins: buildConfig().portalOrigins, cacheDir: buildConfig().profileCacheDir, log };
    const p = await profileDistributions({ ...s, datasets: changed }, options);
    const profiles = { ...held.profiles, ...p.profiles };
    step('files');
    const client = path.join(live.outDir, 'client');
    const { uploadsDir } = paths();
    if (existsSync(uploadsDir)) copyPublishedUploads(changed, uploadsDir, client, buildConfig().portalOrigins);
    const stale = {
      datasets: [...new Set([...(live.stale?.datasets ?? []), ...req.datasets])],
      services: [...new Set([...(live.stale?.services ?? []), ...(req.services ?? [])])],
    };
    // The live server applies the same patch to the catalog it holds; the files follow at once.
    const sw = await o.site.switchCatalog({ snapshotFile, stale, patch, profiles: p.profiles });
    step('switch');
    const ms = Date.now() - t;
    // Live from here: what follows writes the catalog down and tidies up; a failure of it is said,
    // never undoes the switch (the next publish starts from the catalog in memory).
    held = { file: snapshotFile, snapshot: s, profiles };
    try {
      mkdirSync(path.dirname(snapshotFile), { recursive: true });
      writeProfiles(profilesFileFor(snapshotFile), profiles);
      writeSnapshot(snapshotFile, s);
      step('write');
      // Files of datasets no longer open go once their pages are gone.
      if (existsSync(uploadsDir)) withdrawUploads(req.datasets, s.datasets, uploadsDir, client, buildConfig().publicDir);
      void ingestInBackground(s, { ...options, dataDir: paths().dataApiDir, profiles });
      keepLastGood(snapshotFile);
      keepBuilds();
    } catch (err) {
      log(`! Sau khi đưa lên / after publishing: ${(err as Error).message}`);
    }
    log(
      `✓ Publish: live in ${(ms / 1000).toFixed(1)} s without a build (${steps.join(', ')}; catalog switched in the server in ${sw.ms} ms; ${stale.datasets.length + stale.services.length} entries rendered on demand since the last build)`,
    );
    return { ok: true, ms, datasets: req.datasets, how: 'incremental' };
  }

  async function run(req: PublishRequest): Promise<PublishResult> {
    const t = Date.now();
    const dir = path.join(o.buildsDir, String(++n));
    const snapshotFile = path.join(dir, 'catalog', 'snapshot.json');
    const outDir = path.join(dir, 'site');
    log(`Publish: ${[...req.datasets, ...(req.services ?? []), ...(req.requests ? ['(requests)'] : [])].join(', ')} → build ${n}`);
    let admin: Cms | undefined;
    try {
      admin = await o.admin();
      const live = o.site.current();
      const since = (live.stale?.datasets.length ?? 0) + (live.stale?.services.length ?? 0) + req.datasets.length + (req.services?.length ?? 0);
      const size = o.site.incremental && !req.full && existsSync(live.snapshotFile) ? (held?.file === live.snapshotFile ? held.snapshot : readSnapshot(live.snapshotFile)).datasets.length : undefined;
      if (size !== undefined && since <= rebuildAfter(size)) {
        const r = await incremental(req, snapshotFile, admin);
        return { ...r, ms: Date.now() - t };
      }
      held = undefined;
      mkdirSync(path.dirname(snapshotFile), { recursive: true });
      // Start from the live snapshot: its change history is kept (catalog-source.ts).
      if (existsSync(live.snapshotFile)) copyFileSync(live.snapshotFile, snapshotFile);
      const build = await buildSite({ cmsUrl: o.cmsUrl, admin, snapshotFile, outDir, log, requireCms: true, check: (snap) => checkFiles(snap, req) });
      await o.site.swap({ outDir, snapshotFile });
      keepLastGood(snapshotFile);
      // Keep the live build and the one before it (requests under way may still read it).
      keepBuilds();
      const r: PublishResult = { ok: true, ms: Date.now() - t, datasets: req.datasets, how: 'build', pages: build.pages };
      log(`✓ Publish: live in ${(r.ms / 1000).toFixed(1)} s (${build.pages} pages)`);
      return r;
    } catch (err) {
      const error = (err as Error).message;
      log(`✗ Publish failed; the live site is unchanged: ${error}`);
      if (admin) await notify(admin, req, `Trang công khai chưa thay đổi vì / the public site was not changed because:\n${error}`);
      rmSync(dir, { recursive: true, force: true });
      return { ok: false, ms: Date.now() - t, datasets: req.datasets, error };
    }
  }

  // One build at a time. A request that arrives while one runs waits as the next build; any further
  // requests merge into that one (a burst of edits gives two builds, not one per edit).
  let chain: Promise<unknown> = Promise.resolve();
  let active = 0;
  let next: { req: PublishRequest; done: Promise<PublishResult> } | undefined;
  function publish(req: PublishRequest): Promise<PublishResult> {
    if (next) {
      next.req.datasets = [...new Set([...next.req.datasets, ...req.datasets])];
      next.req.services = [...new Set([...(next.req.services ?? []), ...(req.services ?? [])])];
      next.req.requests ||= req.requests;
      next.req.full ||= req.full;
      next.req.user ??= req.user;
      return next.done;
    }
    const waiting: { req: PublishRequest; done: Promise<PublishResult> } = {
      req: { ...req, datasets: [...req.datasets], services: [...(req.services ?? [])] },
      done: Promise.resolve() as unknown as Promise<PublishResult>,
    };
    waiting.done = chain.then(async () => {
      if (next === waiting) next = undefined;
      active++;
      try {
        const r = await run(waiting.req);
        results.push(r);
        return r;
      } finally {
        active--;
      }
    });
    next = waiting;
    chain = waiting.done.catch(() => undefined);
    return waiting.done;
  }

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const auth = String(req.headers.authorization ?? '');
    const known = (req.method === 'POST' && req.url === '/publish') || (req.method === 'GET' && req.url === '/publish/status');
    if (!known) return send(404, { error: 'not found' });
    if (!auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), o.secret)) return send(401, { error: 'unauthorized' });
    // For operators and tests: whether a build runs or waits, and the last results.
    if (req.method === 'GET') return send(200, { busy: active > 0 || next !== undefined, results: results.slice(-10), live: o.site.current() });
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
      if (body.length > 100_000) req.destroy();
    });
    req.on('end', () => {
      let r: PublishRequest;
      try {
        const j = JSON.parse(body) as Partial<PublishRequest>;
        const ids = (v: unknown, name: string): string[] => {
          if (v === undefined) return [];
          if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${name} must be a list of ids`);
          return v;
        };
        r = {
          datasets: ids(j.datasets, 'datasets'),
          services: ids(j.services, 'services'),
          ...(j.requests === true ? { requests: true } : {}),
          ...(j.full === true ? { full: true } : {}),
          ...(typeof j.user === 'string' ? { user: j.user } : {}),
        };
      } catch (err) {
        return send(400, { error: (err as Error).message });
      }
      void publish(r);
      send(202, { accepted: [...r.datasets, ...(r.services ?? [])] });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new OdpError(
          'PUBLISH_PORT_BUSY',
          `Không mở được cổng ${o.port} cho việc đưa lên cổng / cannot listen on ${o.port} for publishing: ${err.message}. Với npm start đây là PORT+1: dừng chương trình đang dùng cổng này, hoặc đặt PORT khác / with npm start this is PORT+1: stop what uses it, or set another PORT.`,
          { cause: err },
        ),
      ),
    );
    server.listen(o.port, o.host, resolve);
  });
  return {
    url: `http://${o.host}:${o.port}/publish`,
    publish,
    results,
    busy: () => active > 0 || next !== undefined,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await chain;
    },
  };
}

/**
 * Publish-to-live time, for the benchmark: publishes `datasetId` in the CMS as `reviewer` (the entry
 * must be submitted or approved, and valid), then polls until its page answers on the portal and the
 * portal's search (the no-JavaScript route) lists it for `query` (by default its Vietnamese title).
 * Returns the milliseconds from the CMS accepting the publish until each is true.
 */
export async function measurePublishToLive(o: {
  reviewer: Cms;
  datasetId: string;
  siteUrl: string;
  query?: string;
  timeoutMs?: number;
  pollMs?: number;
}): Promise<{ ms: number; pageMs: number; searchMs: number }> {
  const before = (await o.reviewer.request(readItem('datasets', o.datasetId, { fields: ['status', 'title'] } as never))) as { status: string; title: { vi: string } };
  if (before.status === 'published') throw new OdpError('ALREADY_PUBLISHED', `${o.datasetId} đã công bố / is already published; withdraw it first`);
  const query = o.query ?? before.title.vi;
  await o.reviewer.request(updateItem('datasets', o.datasetId, { status: 'published' } as never));
  const t = Date.now();
  const timeoutMs = o.timeoutMs ?? 120_000;
  let pageMs: number | undefined;
  let searchMs: number | undefined;
  const link = `/datasets/${o.datasetId}/`;
  while ((pageMs === undefined || searchMs === undefined) && Date.now() - t < timeoutMs) {
    if (pageMs === undefined && (await fetch(`${o.siteUrl}${link}`).catch(() => undefined))?.ok) pageMs = Date.now() - t;
    if (searchMs === undefined) {
      const r = await fetch(`${o.siteUrl}/search/?q=${encodeURIComponent(query)}`).catch(() => undefined);
      if (r?.ok && (await r.text()).includes(`href="${link}"`)) searchMs = Date.now() - t;
    }
    if (pageMs === undefined || searchMs === undefined) await new Promise((r) => setTimeout(r, o.pollMs ?? 100));
  }
  if (pageMs === undefined || searchMs === undefined)
    throw new OdpError('PUBLISH_TIMEOUT', `${o.datasetId}: chưa lên cổng sau / not live after ${timeoutMs / 1000} s (page: ${pageMs ?? 'missing'}, search: ${searchMs ?? 'missing'})`);
  return { ms: Math.max(pageMs, searchMs), pageMs, searchMs };
}
