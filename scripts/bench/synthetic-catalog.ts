// A synthetic catalog of any size for the benchmark, deterministic for a given size and seed.
//
// Each dataset takes one of the demo catalog's published datasets as its model (agency, contact
// points, themes, legal basis, data dictionary, and distributions that point at the same sample
// files the portal serves) and makes it about a real place: one of the 3,321 wards or 34 provinces
// of the administrative-unit list, for a period, with a title, description and keywords written
// from Vietnamese templates. The files are not profiled again: each synthetic distribution reuses
// the profile of the file it points at (profiling 100,000 copies of the same files would measure
// nothing but the disk cache).
import { ADMIN_UNITS_CODE_LIST, adminUnitsDir } from '../../cms/src/admin-units.ts';
import { entriesFromCsv } from '../../cms/src/code-list-import.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CodeListEntry, Distribution } from '../../catalog-schema/generated/types.ts';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import type { Profiles } from '../../domain/profiles.ts';
import type { CatalogSnapshot, DatasetWithDistributions } from '../../domain/snapshot.ts';
import { seedSnapshot } from '../../pipeline/seed-snapshot.ts';

/** mulberry32: a small, fast, seedable PRNG (the same sequence on every machine). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** The administrative units (provinces and wards) from the shared CSV files. */
export function adminUnitEntries(dir = adminUnitsDir()): CodeListEntry[] {
  const provinces = path.join(dir, 'provinces-2026.csv');
  const wards = path.join(dir, 'wards-2026.csv');
  if (!existsSync(provinces) || !existsSync(wards)) {
    throw new OdpError(
      'BENCH_ADMIN_UNITS',
      `Không thấy danh mục đơn vị hành chính / administrative units not found in ${dir}: the synthetic catalog uses their real place names. Đặt / set ODP_ADMIN_UNITS_DIR.`,
    );
  }
  return [
    ...entriesFromCsv({ file: provinces, codeList: ADMIN_UNITS_CODE_LIST, codeColumn: 'code', labelColumn: 'full_name', labelEnColumn: 'full_name_en' }),
    ...entriesFromCsv({ file: wards, codeList: ADMIN_UNITS_CODE_LIST, codeColumn: 'code', labelColumn: 'full_name', labelEnColumn: 'full_name_en', parentColumn: 'province_code' }, 100),
  ];
}

// Sentences a Vietnamese agency would write about a dataset of one place and period.
const scopeVi = [
  (place: string, province: string, from: number, to: number) => `Số liệu trên địa bàn ${place}, ${province}, giai đoạn ${from}–${to}.`,
  (place: string, province: string, from: number, to: number) => `Phạm vi: ${place} (${province}); thời gian: từ năm ${from} đến năm ${to}.`,
  (place: string, province: string, from: number) => `Dữ liệu được tổng hợp từ báo cáo của ${place}, ${province} năm ${from} và được rà soát, chuẩn hóa theo từ điển dữ liệu.`,
];
const updateVi = [
  (agency: string) => `${agency} chịu trách nhiệm cập nhật và bảo đảm tính chính xác của dữ liệu.`,
  (agency: string) => `Đầu mối cập nhật: ${agency}. Mọi sai sót xin phản ánh qua Cổng để được hiệu chỉnh.`,
  (agency: string) => `Dữ liệu do ${agency} thu thập, kiểm tra và công bố theo danh mục dữ liệu mở của Thành phố.`,
];
const extraVi = [
  'Tọa độ theo hệ VN-2000, đã chuyển sang WGS84 để hiển thị trên bản đồ.',
  'Các trường mã phường, xã dùng mã đơn vị hành chính sau sắp xếp năm 2025.',
  'Bộ dữ liệu phục vụ người dân, doanh nghiệp tra cứu và các cơ quan lập kế hoạch, điều hành.',
  'Giá trị bỏ trống nghĩa là chưa có số liệu tại thời điểm cập nhật.',
  'Không chứa dữ liệu cá nhân; số liệu đã được tổng hợp ở cấp phường, xã.',
  '',
];
const periodVi = ['năm', 'giai đoạn', '6 tháng đầu năm', 'quý IV năm'];
const periodEn = ['in', 'over', 'in the first half of', 'in the fourth quarter of'];

/** A dataset id: the model's id, the place's ASCII name, a number (ids are slugs of at most 100 characters). */
function slug(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

export interface SyntheticCatalog {
  snapshot: CatalogSnapshot;
  /** Profiles of the synthetic distributions (those of the files they point at). */
  profiles: Profiles;
}

export interface SyntheticCatalogOptions {
  seed?: number;
  /** The profiles of the demo catalog's files, reused by the synthetic distributions. */
  modelProfiles?: Profiles;
  units?: CodeListEntry[];
  onProgress?: (done: number) => void;
}

/**
 * `size` synthetic datasets (plus the demo catalog's agencies, contact points, themes, code lists,
 * services and the administrative units), every record valid against the catalog schema.
 */
export function syntheticCatalog(size: number, { seed = 20261123, modelProfiles = {}, units = adminUnitEntries(), onProgress = () => {} }: SyntheticCatalogOptions = {}): SyntheticCatalog {
  const base = seedSnapshot(units);
  const r = prng(seed ^ size);
  const models = base.datasets;
  const agentName = new Map(base.agents.map((a) => [a.id, a.name.vi]));
  const provinces = units.filter((u) => !u.parentCode);
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  const wards = units.filter((u) => u.parentCode);
  // Most entries of a city's portal are about the city itself: 70 % of places are wards of
  // Hồ Chí Minh City (79), the rest anywhere in the country.
  const home = wards.filter((w) => w.parentCode === '79');
  const datasets: DatasetWithDistributions[] = [];
  const profiles: Profiles = {};
  const ids = new Set<string>();
  for (let i = 0; i < size; i++) {
    const m = pick(r, models);
    const roll = r();
    const place = roll < 0.7 ? pick(r, home) : roll < 0.93 ? pick(r, wards) : pick(r, provinces);
    const province = provinceByCode.get(place.parentCode ?? place.code) ?? place;
    const from = 2019 + Math.floor(r() * 7);
    const to = Math.min(2026, from + Math.floor(r() * 3));
    const pi = Math.floor(r() * periodVi.length);
    const placeName = place.label.vi;
    const placeEn = place.label.en ?? placeName;
    const period = to > from && pi === 1 ? `${from}–${to}` : String(to);
    const title = { vi: `${m.title.vi} – ${placeName} ${periodVi[pi]} ${period}`, en: `${m.title.en ?? m.title.vi} – ${placeEn} ${periodEn[pi]} ${period}` };
    const agency = agentName.get(m.publisher) ?? m.publisher;
    const sentences = [pick(r, scopeVi)(placeName, province.label.vi, from, to), m.description.vi, pick(r, updateVi)(agency), pick(r, extraVi)].filter(Boolean);
    let id = slug(m.id.slice(0, 50), place.id.replace(`${ADMIN_UNITS_CODE_LIST}-`, ''), String(to));
    if (ids.has(id)) id = slug(id.slice(0, 90), String(i));
    ids.add(id);
    const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
    const issued = `${to}-${month}-${day}`;
    const modified = r() < 0.6 ? `${Math.min(2026, to + Math.floor(r() * 2))}-${month}-${day}` : issued;
    const keywordsVi = [
      ...new Set([...(m.keyword?.vi ?? []), placeName.replace(/^(Phường|Xã|Đặc khu|Thành phố|Tỉnh) /, '').toLowerCase(), province.label.vi.replace(/^(Thành phố|Tỉnh) /, '').toLowerCase()]),
    ];
    const distribution: Distribution[] = m.distribution.map((x) => {
      const did = slug(id.slice(0, 90), x.id.startsWith(m.id) ? x.id.slice(m.id.length + 1) || 'file' : x.format);
      if (modelProfiles[x.id]) profiles[did] = modelProfiles[x.id]!;
      return { ...x, id: did, dataset: id, title: { vi: `${title.vi} (${x.format.toUpperCase()})`, ...(title.en ? { en: `${title.en} (${x.format.toUpperCase()})` } : {}) }, issued, modified };
    });
    datasets.push({
      ...m,
      id,
      identifier: `${m.identifier ?? m.id}-${String(i + 1).padStart(6, '0')}`,
      title,
      description: { vi: sentences.join(' '), en: `${m.description.en ?? ''} Data for ${placeEn}, ${province.label.en ?? province.label.vi}, ${from}–${to}.`.trim() },
      keyword: { ...m.keyword, vi: keywordsVi },
      spatial: [place.code],
      temporal: { start: `${from}-01-01`, end: `${to}-12-31` },
      issued,
      modified,
      distribution,
    });
    if ((i + 1) % 10_000 === 0) onProgress(i + 1);
  }
  return { snapshot: { ...base, generatedAt: new Date(Date.UTC(2026, 10, 23)).toISOString(), source: `synthetic:${size}:${seed}`, datasets }, profiles };
}

/** Every synthetic record against the catalog schema (the same ajv validators as the CMS hook). */
export function validateSynthetic(s: CatalogSnapshot): string[] {
  const problems: string[] = [];
  for (const d of s.datasets) {
    const { distribution, ...record } = d;
    for (const e of validateRecord('Dataset', record)) problems.push(`Dataset ${d.id}: ${e.field} ${e.message_en}`);
    for (const x of distribution) for (const e of validateRecord('Distribution', x)) problems.push(`Distribution ${x.id}: ${e.field} ${e.message_en}`);
    if (problems.length > 20) break;
  }
  return problems;
}
