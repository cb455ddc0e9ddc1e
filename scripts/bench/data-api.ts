// The Data API benchmark: a generated CSV of Vietnamese records (one million rows by default) loaded
// by the ingest into Parquet, then served by the Data API's route and engine in a process of their
// own and asked, by 10 connections at once, for a filtered sorted page and for a group-by. Figures:
// ingest time and rate, Parquet size, p50/p95 of each query, the server's peak memory.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MANIFEST_FILE, type DataColumnType, type DataManifest } from '../../domain/data-query.ts';
import { writeSnapshot, type CatalogSnapshot } from '../../domain/snapshot.ts';
import { csvToParquet } from '../../pipeline/data-ingest.ts';
import { projectRoot } from '../../platform/config.ts';
import { mb, peakMemorySampler, summary } from './measure.ts';
import { atMost, type Figure } from './report.ts';
import { prng } from './synthetic-catalog.ts';

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const middleNames = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Quốc', 'Thu', 'Gia'];
const givenNames = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Thảo', 'Trang', 'Tuấn', 'Việt', 'Yến'];
const wards = [
  'Bến Thành',
  'Sài Gòn',
  'Tân Định',
  'Đa Kao',
  'Cầu Ông Lãnh',
  'Bàn Cờ',
  'Xuân Hòa',
  'Nhiêu Lộc',
  'Chợ Quán',
  'An Đông',
  'Chợ Lớn',
  'Bình Tây',
  'Bình Phú',
  'Phú Lâm',
  'Tân Thuận',
  'Phú Thuận',
  'Tân Mỹ',
  'Tân Hưng',
  'Chánh Hưng',
  'Phú Định',
  'Bình Đông',
  'Diên Hồng',
  'Vườn Lài',
  'Hòa Hưng',
  'Minh Phụng',
  'Bình Thới',
  'Hòa Bình',
  'Phú Thọ',
  'Đông Hưng Thuận',
  'Trung Mỹ Tây',
  'Tân Thới Hiệp',
  'Thới An',
  'An Phú Đông',
  'An Lạc',
  'Tân Tạo',
  'Bình Tân',
  'Bình Trị Đông',
  'Bình Hưng Hòa',
  'Gia Định',
  'Bình Thạnh',
];
const fields = ['Đất đai', 'Xây dựng', 'Hộ tịch', 'Kinh doanh', 'Giao thông', 'Y tế', 'Giáo dục', 'Lao động', 'Tư pháp', 'Môi trường'];
const notes = ['Đã tiếp nhận', 'Chờ bổ sung hồ sơ', 'Đang thẩm định', 'Đã trả kết quả', 'Quá hạn xử lý', 'Chuyển cơ quan khác'];

const types = new Map<string, DataColumnType>([
  ['ma_ho_so', 'string'],
  ['ho_ten', 'string'],
  ['phuong', 'string'],
  ['linh_vuc', 'string'],
  ['ngay_nop', 'date'],
  ['le_phi_dong', 'integer'],
  ['so_ngay_xu_ly', 'number'],
  ['tinh_trang', 'string'],
]);

/** Writes `rows` records of administrative procedure files, the same on every run. */
async function writeCsv(file: string, rows: number): Promise<void> {
  const r = prng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out = createWriteStream(file);
  out.write(`${[...types.keys()].join(',')}\n`);
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows;) {
    const lines: string[] = [];
    for (const end = Math.min(rows, i + 10_000); i < end; i++) {
      const day = new Date(start + Math.floor(r() * 1095) * 86_400_000).toISOString().slice(0, 10);
      lines.push(
        `HS-${String(i + 1).padStart(7, '0')},${pick(familyNames)} ${pick(middleNames)} ${pick(givenNames)},Phường ${pick(wards)},${pick(fields)},${day},${Math.floor(r() * 200) * 5000},${(r() * 30).toFixed(1)},${pick(notes)}`,
      );
    }
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

async function load(url: (i: number) => string, seconds: number, connections: number): Promise<{ ms: number[]; errors: number }> {
  const ms: number[] = [];
  let errors = 0;
  let n = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(url(n++));
        await res.arrayBuffer();
        ms.push(performance.now() - t);
        if (res.status !== 200) errors++;
      }
    }),
  );
  return { ms, errors };
}

export interface DataApiBenchOptions {
  workDir: string;
  port: number;
  /** A catalog snapshot to put the benchmark's dataset in (the seed's). */
  snapshot: CatalogSnapshot;
  rows?: number;
  seconds?: number;
  log?: (m: string) => void;
}

export async function benchDataApi(o: DataApiBenchOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const log = o.log ?? console.log;
  const rows = o.rows ?? 1_000_000;
  const seconds = o.seconds ?? 20;
  const dataDir = path.join(o.workDir, 'data-api');
  mkdirSync(dataDir, { recursive: true });
  const csv = path.join(o.workDir, 'ho-so.csv');
  log(`API dữ liệu / Data API: generating ${rows.toLocaleString('en-US')} rows…`);
  await writeCsv(csv, rows);
  const csvBytes = statSync(csv).size;

  log(`  ingest (${(csvBytes / 1048576).toFixed(0)} MB CSV → Parquet)…`);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '512MB' });
  const db = await instance.connect();
  let t = performance.now();
  const parquet = path.join(dataDir, 'benchhoso.parquet');
  const written = await csvToParquet(db, csv, parquet, types);
  const ingestS = (performance.now() - t) / 1000;
  db.closeSync();
  instance.closeSync();
  const parquetBytes = statSync(parquet).size;
  log(`  ${written.rows} rows in ${ingestS.toFixed(1)} s (${Math.round(written.rows / ingestS)} rows/s), Parquet ${(parquetBytes / 1048576).toFixed(1)} MB`);

  // The dataset: the seed's first open dataset under another name, its one file the generated CSV.
  const base = structuredClone(o.snapshot.datasets.find((d) => d.accessLevel === 'public' && d.distribution.length)!);
  const dataset = {
    ...base,
    id: 'bench-ho-so',
    distribution: [{ ...base.distribution[0]!, id: 'bench-ho-so-csv', format: 'csv' as const, downloadURL: '/data/bench-ho-so/ho-so.csv', dataset: 'bench-ho-so' }],
  };
  const snapshotFile = path.join(o.workDir, 'snapshot.json');
  writeSnapshot(snapshotFile, { ...o.snapshot, datasets: [...o.snapshot.datasets, dataset] });
  const manifest: DataManifest = {
    generatedAt: new Date().toISOString(),
    distributions: {
      'bench-ho-so-csv': {
        dataset: 'bench-ho-so',
        distribution: 'bench-ho-so-csv',
        file: 'benchhoso.parquet',
        sha256: '',
        format: 'csv',
        rows: written.rows,
        columns: written.columns,
        ingestedAt: new Date().toISOString(),
      },
    },
  };
  writeFileSync(path.join(dataDir, MANIFEST_FILE), JSON.stringify(manifest));

  const server = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'bench', 'data-api-server.ts'), dataDir, String(o.port), snapshotFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const sampler = peakMemorySampler(100);
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.on('data', (b: Buffer) => (b.toString().includes('ready') ? resolve() : undefined));
      server.once('exit', (code) => reject(new Error(`the Data API server stopped (exit ${code})`)));
    });
    sampler.watch(server.pid!);
    const api = `http://127.0.0.1:${o.port}/api/data/bench-ho-so/bench-ho-so-csv`;
    // Every request asks something not asked before (the engine keeps recent answers: a repeated
    // request would measure that memory, not the query); the repeated set is measured apart.
    const day = (i: number) => new Date(Date.UTC(2023, 0, 1) + ((i * 7919) % 1000) * 86_400_000).toISOString().slice(0, 10);
    const page = (i: number) => `${api}?phuong=${encodeURIComponent(`Phường ${wards[i % wards.length]!}`)}&le_phi_dong.gte=${(i * 7) % 1_000_000}&sort=-ngay_nop&limit=50`;
    const group = (i: number) => `${api}?ngay_nop.gte=${day(i)}&le_phi_dong.gte=${i % 1_000_000}&group_by=phuong&aggregate=count,sum:le_phi_dong,avg:so_ngay_xu_ly&sort=-count`;
    const repeated = (i: number) => `${api}?phuong=${encodeURIComponent(`Phường ${wards[i % wards.length]!}`)}&sort=-ngay_nop&limit=50`;
    const check = (await (await fetch(page(0))).json()) as { rows: { ho_ten: string }[]; total: number };
    const folded = (await (await fetch(`${api}?ho_ten.contains=${encodeURIComponent('nguyen van an')}&limit=1`)).json()) as { total: number };
    log(`  page check: ${check.rows.length} rows of ${check.total}; "nguyen van an" finds ${folded.total} rows`);
    t = performance.now();
    for (let i = 0; i < 20; i++) await (await fetch(i % 2 ? page(i + 1_000_000) : group(i + 1_000_000))).arrayBuffer();
    log(`  warm-up: 20 requests in ${Math.round(performance.now() - t)} ms (the first ones read the Parquet file while the server copies it into memory)`);
    // The copy into memory is made in the background after the first query; steady state is measured.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    log(`  filtered sorted page, 10 connections, ${seconds} s…`);
    t = performance.now();
    const p = await load(page, seconds, 10);
    const ps = summary(p.ms);
    log(`  ${ps.n} requests, p50 ${ps.p50.toFixed(1)} ms, p95 ${ps.p95.toFixed(1)} ms, ${p.errors} errors`);
    log(`  group-by, 10 connections, ${seconds} s…`);
    const g = await load(group, seconds, 10);
    const gs = summary(g.ms);
    log(`  ${gs.n} requests, p50 ${gs.p50.toFixed(1)} ms, p95 ${gs.p95.toFixed(1)} ms, ${g.errors} errors`);
    log(`  the same page again (40 different pages asked over and over: answers kept), 10 connections, ${seconds} s…`);
    const rp = await load(repeated, seconds, 10);
    const rs = summary(rp.ms);
    log(`  ${rs.n} requests, p50 ${rs.p50.toFixed(1)} ms, p95 ${rs.p95.toFixed(1)} ms, ${rp.errors} errors`);
    const peak = sampler.stop();
    const round = (x: number) => Math.round(x * 10) / 10;
    const rate = Math.round(written.rows / ingestS);
    const figures: Figure[] = [
      { group: 'data-api', what: `ingest ${written.rows.toLocaleString('en-US')} rows (${(csvBytes / 1048576).toFixed(0)} MB CSV)`, value: round(ingestS), unit: 's' },
      { group: 'data-api', what: 'ingest rate', value: rate, unit: 'rows/s', target: '≥ 200000 rows/s', pass: rate >= 200_000 },
      { group: 'data-api', what: 'Parquet size', value: round(parquetBytes / 1048576), unit: 'MB', note: 'with a folded copy of each text column' },
      { group: 'data-api', what: 'filtered sorted page p50', value: round(ps.p50), unit: 'ms', note: `${ps.n} requests, 10 connections` },
      atMost('data-api', 'filtered sorted page p95', round(ps.p95), 'ms', 50),
      { group: 'data-api', what: 'group-by p50', value: round(gs.p50), unit: 'ms', note: `${gs.n} requests, 10 connections` },
      atMost('data-api', 'group-by p95', round(gs.p95), 'ms', 200),
      { group: 'data-api', what: 'repeated page p50 / p95 (answers kept)', value: `${round(rs.p50)} / ${round(rs.p95)}`, unit: 'ms', note: `${rs.n} requests, 10 connections` },
      atMost('data-api', 'errors', p.errors + g.errors + rp.errors, 'responses', 0),
      atMost('data-api', 'server peak memory (RSS)', mb(peak), 'MB', 1024),
    ];
    return { figures, details: { rows: written.rows, csvBytes, parquetBytes, ingestS, page: ps, groupBy: gs, repeatedPage: rs, peakRssBytes: peak } };
  } finally {
    sampler.stop();
    server.kill('SIGTERM');
  }
}
