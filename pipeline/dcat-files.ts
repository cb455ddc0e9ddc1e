// Writes the DCAT-AP exports of a build (the catalog in Hydra pages, and each dataset and service in
// Turtle and JSON-LD) in processes of their own, so that they are made while Astro renders the
// pages. The work is cut in parts: one per catalog page (with its datasets' own files) and one for the
// services; process i of n takes every n-th part.
import { spawn } from 'node:child_process';
import { availableParallelism, totalmem } from 'node:os';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OdpError } from '../catalog-schema/src/errors.ts';
import { buildConfig } from '../platform/config.ts';

export interface DcatFiles {
  files: number;
  bytes: number;
  parts: number;
  ms: number;
}

/**
 * The heap a build process may use: half the machine's memory (at least V8's usual 4 GB), so that a
 * large catalog (held whole by Astro and by each DCAT-AP process) does not stop at V8's default limit.
 */
export function buildHeap(): string {
  return `--max-old-space-size=${Math.max(4096, Math.round(totalmem() / 1048576 / 2))}`;
}

/** The portal's own address, the base of every IRI in the exports (as in astro.config.mjs). */
export function siteBase(): string {
  return buildConfig().siteUrl;
}

/**
 * Writes the exports of the catalog in `snapshotFile` under `dir` (datasets/<id>.ttl,
 * catalog.jsonld, catalog/page/2.rdf…). `processes` defaults to one less than the cores (at least
 * one): Astro renders on the other. Only those processes read the snapshot (this one never holds it).
 */
export async function writeDcatFiles(snapshotFile: string, dir: string, o: { base?: string; processes?: number; log?: (m: string) => void; onStart?: (pid: number) => void } = {}): Promise<DcatFiles> {
  const t = Date.now();
  const log = o.log ?? (() => {});
  const n = Math.max(1, o.processes ?? availableParallelism() - 1);
  const total = { files: 0, bytes: 0, parts: 0, datasets: 0, of: { datasets: 0, parts: 0 } };
  const tick = setInterval(
    () =>
      log(
        `  DCAT-AP: ${total.datasets}/${total.of.datasets} datasets (${Math.round((total.datasets / Math.max(1, total.of.datasets)) * 100)}%), ${total.parts}/${total.of.parts} parts, ${((Date.now() - t) / 1000).toFixed(0)} s`,
      ),
    10_000,
  );
  const worker = fileURLToPath(new URL('./dcat-files-worker.ts', import.meta.url));
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [buildHeap(), worker, snapshotFile, dir, o.base ?? siteBase(), String(i), String(n)], { stdio: ['ignore', 'pipe', 'pipe'] });
      if (child.pid) o.onStart?.(child.pid);
      let rest = '';
      let errors = '';
      child.stdout.on('data', (b: Buffer) => {
        const lines = (rest + b.toString()).split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          const m = JSON.parse(line) as { files: number; bytes: number; datasets: number } | { of: { datasets: number; parts: number } };
          if ('of' in m) {
            total.of = m.of;
            continue;
          }
          total.files += m.files;
          total.bytes += m.bytes;
          total.datasets += m.datasets;
          total.parts++;
        }
      });
      child.stderr.on('data', (b: Buffer) => (errors += b.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new OdpError('DCAT_EXPORT_FAILED', `Không ghi được bản DCAT-AP / the DCAT-AP exports could not be written (exit ${code}):\n${errors.trim().split('\n').slice(-15).join('\n')}`)),
      );
    });
  try {
    await Promise.all(Array.from({ length: n }, (_, i) => one(i)));
  } finally {
    clearInterval(tick);
  }
  return { files: total.files, bytes: total.bytes, parts: total.of.parts, ms: Date.now() - t };
}

/** Moves every file under `from` to the same place under `to` (same file system), then removes `from`. */
export function moveFilesInto(from: string, to: string): number {
  let n = 0;
  const walk = (rel: string) => {
    mkdirSync(path.join(to, rel), { recursive: true });
    for (const e of readdirSync(path.join(from, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else {
        renameSync(path.join(from, r), path.join(to, r));
        n++;
      }
    }
  };
  walk('');
  rmSync(from, { recursive: true, force: true });
  return n;
}
