// Data quality by the five criteria of the regulations (complete, accurate, timely, consistent,
// valid), scored from what can be measured, with what is missing and how to fix it for each.
import type { DataService } from '../catalog-schema/generated/types.ts';
import { vocabulary } from '../catalog-schema/src/schemas.ts';
import type { Profiles } from './profiles.ts';
import type { DatasetWithDistributions } from './snapshot.ts';

export type Criterion = 'complete' | 'accurate' | 'timely' | 'consistent' | 'valid';
export const criteria: Criterion[] = ['complete', 'accurate', 'timely', 'consistent', 'valid'];

/** One thing checked: passed or not, and what to do when not (Vietnamese and English). */
export interface Finding {
  ok: boolean;
  vi: string;
  en: string;
}

export interface CriterionResult {
  criterion: Criterion;
  /** 0–100; undefined when nothing could be measured. */
  score?: number;
  findings: Finding[];
}

export interface QualityReport {
  /** Mean of the measured criteria, 0–100. */
  overall: number;
  results: CriterionResult[];
  overdue: boolean;
  /** When the next update is due (YYYY-MM-DD), for frequencies with a deadline. */
  dueDate?: string;
}

const pct = (ok: number, all: number) => (all ? Math.round((ok / all) * 100) : undefined);

/** DCAT-AP 3 recommended and the regulations' properties a complete entry fills in. */
const metadataChecks: { field: string; has: (d: DatasetWithDistributions) => boolean; vi: string; en: string }[] = [
  { field: 'contactPoint', has: (d) => !!d.contactPoint?.length, vi: 'đầu mối liên hệ', en: 'a contact point' },
  { field: 'keyword', has: (d) => !!d.keyword?.vi.length, vi: 'từ khóa', en: 'keywords' },
  { field: 'theme', has: (d) => !!d.theme?.length, vi: 'lĩnh vực', en: 'a theme' },
  { field: 'spatial', has: (d) => !!d.spatial?.length, vi: 'phạm vi không gian', en: 'spatial coverage' },
  { field: 'temporal', has: (d) => !!(d.temporal?.start || d.temporal?.end), vi: 'phạm vi thời gian', en: 'temporal coverage' },
  { field: 'issued', has: (d) => !!d.issued, vi: 'ngày công bố', en: 'the publication date' },
  { field: 'modified', has: (d) => !!d.modified, vi: 'ngày cập nhật', en: 'the last update date' },
  { field: 'accrualPeriodicity', has: (d) => !!d.accrualPeriodicity && d.accrualPeriodicity !== 'unknown', vi: 'tần suất cập nhật', en: 'the update frequency' },
  { field: 'language', has: (d) => !!d.language?.length, vi: 'ngôn ngữ', en: 'the language' },
  { field: 'license', has: (d) => !!d.license || d.accessLevel !== 'public', vi: 'giấy phép', en: 'a licence' },
  // The files of data that is not open are not the public's (domain/visibility.ts): a public page cannot count them.
  { field: 'distribution', has: (d) => d.distribution.length > 0 || d.accessLevel !== 'public', vi: 'ít nhất một tệp hoặc điểm truy cập', en: 'at least one file or access point' },
  { field: 'dataDictionary', has: (d) => !!d.dataDictionary?.length, vi: 'từ điển dữ liệu', en: 'a data dictionary' },
  { field: 'accessGuidelines', has: (d) => !!d.accessGuidelines?.vi, vi: 'hướng dẫn khai thác', en: 'access guidelines' },
  { field: 'legalBasis', has: (d) => !!d.legalBasis?.length, vi: 'căn cứ pháp lý', en: 'the legal basis' },
  { field: 'description.en', has: (d) => !!d.description.en, vi: 'mô tả tiếng Anh', en: 'an English description' },
];

function addDays(date: string, days: number): string {
  const t = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** `today` (YYYY-MM-DD) is the build's date, so a build is reproducible. */
export function assessQuality(d: DatasetWithDistributions, profiles: Profiles, today: string): QualityReport {
  const results: CriterionResult[] = [];
  const files = d.distribution.map((x) => ({ x, p: profiles[x.id] }));

  // Complete: metadata, then empty cells of required columns.
  const meta = metadataChecks.map((c) =>
    c.has(d)
      ? { ok: true, vi: `Có ${c.vi}.`, en: `Has ${c.en}.` }
      : { ok: false, vi: `Thiếu ${c.vi}: bổ sung trong CMS (trường ${c.field}).`, en: `Missing ${c.en}: fill in the "${c.field}" field in the CMS.` },
  );
  const required = new Set((d.dataDictionary ?? []).filter((f) => f.required).map((f) => f.name));
  const emptyRequired = files.flatMap(({ x, p }) => (p?.profile?.columns ?? []).filter((c) => required.has(c.name) && c.empty > 0).map((c) => ({ x, c })));
  const cellFindings = emptyRequired.map(({ x, c }) => ({
    ok: false,
    vi: `Cột bắt buộc "${c.name}" trống ở ${c.empty} dòng (${x.format.toUpperCase()}).`,
    en: `Required column "${c.name}" is empty in ${c.empty} rows (${x.format.toUpperCase()}).`,
  }));
  results.push({
    criterion: 'complete',
    score: pct(meta.filter((m) => m.ok).length, meta.length + emptyRequired.length),
    findings: [...meta.filter((m) => !m.ok), ...cellFindings, ...(meta.every((m) => m.ok) ? [{ ok: true, vi: 'Siêu dữ liệu đầy đủ.', en: 'The metadata is complete.' }] : [])],
  });

  // Accurate: links answer, declared size and checksum match the file.
  const accurate: Finding[] = [];
  for (const { x, p } of files) {
    if (!p) continue;
    if (!p.answers)
      accurate.push({
        ok: false,
        vi: `Liên kết "${x.title.vi}" không trả lời: sửa địa chỉ tải về trong CMS.`,
        en: `The link of "${x.title.en ?? x.title.vi}" does not answer: fix the download address in the CMS.`,
      });
    else accurate.push({ ok: true, vi: `Liên kết "${x.title.vi}" hoạt động.`, en: `The link of "${x.title.en ?? x.title.vi}" works.` });
    if (x.byteSize !== undefined && p.byteSize !== undefined && x.byteSize !== p.byteSize)
      accurate.push({
        ok: false,
        vi: `Dung lượng khai báo của "${x.title.vi}" (${x.byteSize} B) khác tệp thật (${p.byteSize} B): cập nhật trong CMS.`,
        en: `The declared size of "${x.title.en ?? x.title.vi}" (${x.byteSize} B) differs from the file (${p.byteSize} B): update it in the CMS.`,
      });
    if (x.checksum?.algorithm === 'sha256' && p.sha256 && x.checksum.value.toLowerCase() !== p.sha256)
      accurate.push({ ok: false, vi: `Mã kiểm tra của "${x.title.vi}" không khớp tệp: tệp đã đổi hoặc mã sai.`, en: `The checksum of "${x.title.en ?? x.title.vi}" does not match the file.` });
  }
  if (!d.dataConfirmedBy) accurate.push({ ok: false, vi: 'Chưa ghi cơ quan xác nhận dữ liệu cuối cùng (HCMC 30/2026 điều 14).', en: 'No agency confirms the final data (HCMC 30/2026 art. 14).' });
  results.push({ criterion: 'accurate', score: pct(accurate.filter((f) => f.ok).length, accurate.length), findings: accurate });

  // Timely: last update against the declared frequency.
  const days = d.accrualPeriodicity ? (vocabulary('Frequency')[d.accrualPeriodicity]?.days as number | undefined) : undefined;
  const last = d.modified ?? d.issued;
  let overdue = false;
  let dueDate: string | undefined;
  if (days && last) {
    dueDate = addDays(last, days);
    overdue = dueDate < today;
    results.push({
      criterion: 'timely',
      score: overdue ? 0 : 100,
      findings: [
        overdue
          ? {
              ok: false,
              vi: `Quá hạn cập nhật từ ${dueDate}: cập nhật dữ liệu và ngày cập nhật, hoặc sửa tần suất nếu đã thay đổi.`,
              en: `Update overdue since ${dueDate}: publish new data and its date, or correct the frequency.`,
            }
          : { ok: true, vi: `Đúng hạn; lần cập nhật tới trước ${dueDate}.`, en: `On time; next update due by ${dueDate}.` },
      ],
    });
  } else {
    results.push({
      criterion: 'timely',
      findings: [{ ok: false, vi: 'Không đánh giá được: chưa khai báo tần suất cập nhật hoặc ngày cập nhật.', en: 'Cannot be measured: no update frequency or update date.' }],
    });
  }

  // Consistent: every tabular file of the dataset has the same columns and rows.
  const tables = files.filter(({ p }) => p?.profile).map(({ x, p }) => ({ x, cols: p!.profile!.columns.map((c) => c.name).join('|'), rows: p!.profile!.rows }));
  if (tables.length > 1) {
    const cols = new Set(tables.map((t) => t.cols));
    const rows = new Set(tables.map((t) => t.rows));
    const f: Finding[] = [
      cols.size === 1
        ? { ok: true, vi: 'Các tệp có cùng các cột.', en: 'All files have the same columns.' }
        : { ok: false, vi: 'Các tệp có cột khác nhau: xuất lại mọi định dạng từ cùng một nguồn.', en: 'The files have different columns: export every format from one source.' },
      rows.size === 1
        ? { ok: true, vi: `Các tệp có cùng số dòng (${tables[0]!.rows}).`, en: `All files have the same number of rows (${tables[0]!.rows}).` }
        : {
            ok: false,
            vi: `Số dòng khác nhau giữa các tệp (${tables.map((t) => `${t.x.format.toUpperCase()} ${t.rows}`).join(', ')}).`,
            en: `Row counts differ between files (${tables.map((t) => `${t.x.format.toUpperCase()} ${t.rows}`).join(', ')}).`,
          },
    ];
    results.push({ criterion: 'consistent', score: pct(f.filter((x) => x.ok).length, f.length), findings: f });
  } else results.push({ criterion: 'consistent', findings: [{ ok: true, vi: 'Chỉ có một tệp dạng bảng: không có gì để đối chiếu.', en: 'Only one tabular file: nothing to compare.' }] });

  // Valid: files against the data dictionary.
  const checked = files.filter(({ p }) => p?.dictionary);
  if (checked.length) {
    const f: Finding[] = checked.flatMap(({ x, p }) => {
      const c = p!.dictionary!;
      const unchecked = c.uncheckedCodeLists.map((l) => ({
        ok: false,
        vi: `${x.format.toUpperCase()}: chưa kiểm tra được mã theo danh mục "${l}" vì danh mục chưa có giá trị trên Cổng: nhập danh mục (npm run codelist:import).`,
        en: `${x.format.toUpperCase()}: codes of "${l}" not checked, the code list has no values on the portal: import it (npm run codelist:import).`,
      }));
      if (c.ok) return [{ ok: true, vi: `${x.format.toUpperCase()}: khớp từ điển dữ liệu.`, en: `${x.format.toUpperCase()}: matches the data dictionary.` }, ...unchecked];
      return [...c.problems.map((pr) => problemFinding(x.format, pr)), ...unchecked];
    });
    results.push({ criterion: 'valid', score: pct(checked.filter(({ p }) => p!.dictionary!.ok).length, checked.length), findings: f });
  } else {
    results.push({
      criterion: 'valid',
      findings: [
        {
          ok: false,
          vi: d.dataDictionary?.length ? 'Chưa kiểm tra được: không có tệp dạng bảng trên Cổng.' : 'Chưa kiểm tra được: tập dữ liệu chưa có từ điển dữ liệu.',
          en: d.dataDictionary?.length ? 'Not checked: no tabular file on the portal.' : 'Not checked: the dataset has no data dictionary.',
        },
      ],
    });
  }

  const measured = results.filter((r) => r.score !== undefined).map((r) => r.score!);
  return { overall: measured.length ? Math.round(measured.reduce((a, b) => a + b, 0) / measured.length) : 0, results, overdue, dueDate };
}

/**
 * What a complete description of a sharing service holds: DCAT-AP 3's recommended properties of a
 * dcat:DataService and the technical documents the catalog of sharing services lists (HCMC 30/2026
 * art. 16; Sóc Trăng art. 8), with the health check the portal's availability figures need.
 */
const serviceChecks: { field: string; has: (s: DataService) => boolean; vi: string; en: string }[] = [
  { field: 'contactPoint', has: (s) => !!s.contactPoint?.length, vi: 'đầu mối liên hệ', en: 'a contact point' },
  { field: 'keyword', has: (s) => !!s.keyword?.vi.length, vi: 'từ khóa', en: 'keywords' },
  { field: 'theme', has: (s) => !!s.theme?.length, vi: 'lĩnh vực', en: 'a theme' },
  { field: 'servesDataset', has: (s) => !!s.servesDataset?.length, vi: 'bộ dữ liệu được cung cấp', en: 'the datasets served' },
  { field: 'openapi', has: (s) => !!s.openapi || !!s.endpointDescription, vi: 'tài liệu mô tả kỹ thuật (OpenAPI)', en: 'a technical description (OpenAPI)' },
  { field: 'exchangeStructure', has: (s) => !!s.exchangeStructure?.vi, vi: 'cấu trúc dữ liệu trao đổi', en: 'the structure of the data exchanged' },
  { field: 'requirements', has: (s) => !!s.requirements?.whoMayUse?.vi, vi: 'đối tượng được sử dụng', en: 'who may use it' },
  { field: 'license', has: (s) => !!s.license || s.accessLevel !== 'public', vi: 'giấy phép', en: 'a licence' },
  { field: 'healthURL', has: (s) => !!s.healthURL, vi: 'địa chỉ kiểm tra hoạt động', en: 'a health check URL' },
  { field: 'description.en', has: (s) => !!s.description.en, vi: 'mô tả tiếng Anh', en: 'an English description' },
];

/**
 * The quality of a data service's entry. The five criteria judge data, which a service does not
 * hold: its score is the "complete" criterion over its description (serviceChecks), what the
 * coordinating department checks before the service is listed.
 */
export function assessServiceQuality(s: DataService): QualityReport {
  const checks = serviceChecks.map((c) =>
    c.has(s)
      ? { ok: true, vi: `Có ${c.vi}.`, en: `Has ${c.en}.` }
      : { ok: false, vi: `Thiếu ${c.vi}: bổ sung trong CMS (trường ${c.field}).`, en: `Missing ${c.en}: fill in the "${c.field}" field in the CMS.` },
  );
  const score = pct(checks.filter((c) => c.ok).length, checks.length) ?? 0;
  const findings = checks.every((c) => c.ok) ? [{ ok: true, vi: 'Thông tin mô tả đầy đủ.', en: 'The description is complete.' }] : checks.filter((c) => !c.ok);
  return { overall: score, results: [{ criterion: 'complete', score, findings }], overdue: false };
}

/** One problem of a file against its data dictionary, said in both languages with what to do. */
export function problemFinding(format: string, p: { code: string; column: string; lines?: number[]; count?: number; values?: string[] }): Finding {
  const f = format.toUpperCase();
  const at = p.lines?.length ? ` (dòng / line ${p.lines.join(', ')}${(p.count ?? 0) > p.lines.length ? '…' : ''})` : '';
  const vals = p.values?.length ? `: ${p.values.map((v) => `"${v}"`).join(', ')}` : '';
  switch (p.code) {
    case 'missing_column':
      return { ok: false, vi: `${f}: thiếu cột "${p.column}" có trong từ điển dữ liệu.`, en: `${f}: column "${p.column}" of the dictionary is missing.` };
    case 'extra_column':
      return {
        ok: false,
        vi: `${f}: cột "${p.column}" không có trong từ điển dữ liệu: thêm vào từ điển hoặc bỏ khỏi tệp.`,
        en: `${f}: column "${p.column}" is not in the dictionary: add it there or drop it from the file.`,
      };
    case 'wrong_type':
      return { ok: false, vi: `${f}: cột "${p.column}" có ${p.count} giá trị sai kiểu${at}${vals}.`, en: `${f}: column "${p.column}" has ${p.count} value(s) of the wrong type${at}${vals}.` };
    case 'required_empty':
      return { ok: false, vi: `${f}: cột bắt buộc "${p.column}" trống ở ${p.count} dòng${at}.`, en: `${f}: required column "${p.column}" is empty in ${p.count} rows${at}.` };
    default:
      return {
        ok: false,
        vi: `${f}: cột "${p.column}" có ${p.count} mã không có trong danh mục${at}${vals}.`,
        en: `${f}: column "${p.column}" has ${p.count} code(s) not in its code list${at}${vals}.`,
      };
  }
}
