// A process of dcat-files.ts: reads the snapshot, writes part i, i + n, i + 2n… of the exports and
// says on its standard output, a JSON line a part, what it wrote (first line: how much there is).
//   node dcat-files-worker.ts <snapshot.json> <dir> <base> <i> <n>
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { catalogQuads } from '../domain/dcat/dcat.ts';
import { catalogPage, catalogPageBody, catalogPagePath, dcatParts, describer, pageDescriber, rdfFormats, resourceFormats, serialize, servicesCatalog, type DcatPart } from '../domain/dcat/exports.ts';
import { readSnapshot } from '../domain/snapshot.ts';
import { buildConfig } from '../platform/config.ts';

const [snapshotFile, dir, base, i, n] = process.argv.slice(2) as [string, string, string, string, string];
// An error ends the process with its message only (the parent quotes it), not a stack trace.
const fail = (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
const snapshot = readSnapshot(snapshotFile);
const made = new Set<string>();

// Files are written while the next ones are made, at most this many at a time.
const inFlight = new Set<Promise<void>>();
let failed: Error | undefined;

async function write(rel: string, body: string): Promise<number> {
  if (failed) throw failed;
  const file = path.join(dir, rel);
  const parent = path.dirname(file);
  if (!made.has(parent)) {
    mkdirSync(parent, { recursive: true });
    made.add(parent);
  }
  const w: Promise<void> = writeFile(file, body).then(
    () => void inFlight.delete(w),
    (err: Error) => {
      failed = err;
      inFlight.delete(w);
    },
  );
  inFlight.add(w);
  if (inFlight.size >= 16) await Promise.race(inFlight);
  return Buffer.byteLength(body);
}

async function flush(): Promise<void> {
  await Promise.all(inFlight);
  if (failed) throw failed;
}

async function part(p: DcatPart): Promise<{ files: number; bytes: number; datasets: number }> {
  let files = 0;
  let bytes = 0;
  const put = async (rel: string, body: string) => {
    bytes += await write(rel, body);
    files++;
  };
  if (p.kind === 'services') {
    const s = servicesCatalog(snapshot);
    const { quads, iris } = catalogQuads(s, base);
    const describe = describer(quads, iris, s);
    for (const x of s.dataServices) {
      const q = describe('service', x.id);
      for (const format of resourceFormats) await put(`services/${x.id}.${format}`, await serialize(q, format, base));
    }
    await flush();
    return { files, bytes, datasets: 0 };
  }
  const page = catalogPage(snapshot, base, p.page, buildConfig().catalogPageSize);
  for (const format of rdfFormats) await put(catalogPagePath(p.page, format).slice(1), await catalogPageBody(page, format, base));
  const describe = pageDescriber(snapshot, page, p.page);
  for (const d of page.datasets) {
    const q = describe('dataset', d.id);
    for (const format of resourceFormats) await put(`datasets/${d.id}.${format}`, await serialize(q, format, base));
  }
  await flush();
  return { files, bytes, datasets: page.datasets.length };
}

const all = dcatParts(snapshot, buildConfig().catalogPageSize);
const parts = all.filter((_, k) => k % Number(n) === Number(i));
process.stdout.write(`${JSON.stringify({ of: { datasets: snapshot.datasets.length, parts: all.length } })}\n`);
for (const p of parts) process.stdout.write(`${JSON.stringify(await part(p))}\n`);
