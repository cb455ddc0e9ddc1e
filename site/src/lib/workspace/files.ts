// Files agencies upload in the workspace. An upload waits in a staging area of its own
// (`<uploads>/.staging/<id>/`) while the editor looks at what the build's own code makes of it: the
// column profile, a proposed data dictionary and the personal-data scan. Saved with a dataset it
// moves to `<uploads>/<dataset>/<file>`, linked as `/data/<dataset>/<file>`; it reaches the public
// site only when a build publishes the dataset openly (pipeline/uploaded-files.ts). Nothing here is
// under the public folder, and nothing is served from here.
import { createHash, randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSheet } from 'read-excel-file/node';
import type { DataField } from '../../../../catalog-schema/generated/types.ts';
import { OdpError, type FieldError } from '../../../../catalog-schema/src/errors.ts';
import { vocabulary } from '../../../../catalog-schema/src/schemas.ts';
import { proposeDictionary, type ProposedColumn } from '../../../../domain/data-dictionary.ts';
import { findInValue, loadPiiRules, mask, portalRoots, scanFile, type PiiRules } from '../../../../domain/pii-scan.ts';
import { portalFileProfile, type PortalFiles } from '../../../../domain/portal-profiles.ts';
import { notUtf8, profileFile } from '../../../../domain/profile-file.ts';
import type { DistributionProfile } from '../../../../domain/profiles.ts';
import { parseCsv, tableFromJson, tableFromRows, type Table } from '../../../../domain/tabular.ts';
import { fold } from '../../../../domain/vietnamese.ts';
import { buildConfig, config, paths } from '../../../../platform/config.ts';
import { catalogFile, loadPortal, type Portal } from '../portal.ts';

export type UploadFormat = 'csv' | 'xlsx' | 'json' | 'xml';

export interface PersonalDataFinding {
  file: string;
  line: number;
  column: string;
  /** Masked: the page showing it must not spread the personal data. */
  value: string;
  kind: { vi: string; en: string };
}

export interface StagedFile {
  id: string;
  /** The file's name on the portal (lowercase ASCII, `-`, its format's extension). */
  name: string;
  /** The name the editor's computer gave it. */
  originalName: string;
  format: UploadFormat;
  mediaType: string;
  byteSize: number;
  checksum: { algorithm: 'sha256'; value: string };
  profile: DistributionProfile;
  proposedDictionary: DataField[];
  /** Beside each proposed field: the header in the file, example values, empty cells. */
  proposedColumns: ProposedColumn[];
  personalData: { findings: PersonalDataFinding[]; truncated: boolean };
}

/** A staged upload that is not there (expired, committed, never made) or not the editor's, or a dataset id that is not a slug. */
export class UploadError extends OdpError {
  override name = 'UploadError';
}

interface Meta extends StagedFile {
  owner: string;
  size: number;
  sha256: string;
  created: string;
}

const formats: readonly UploadFormat[] = ['csv', 'xlsx', 'json', 'xml'];
const stagedId = /^[0-9a-f]{32}$/;
const datasetSlug = /^(?=.{2,100}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
const uploadName = /^(?=.{1,100}$)[a-z0-9]+(?:-[a-z0-9]+)*\.(?:csv|xlsx|json|xml)$/;
/** Staged uploads nobody saved are removed after a day. */
const stagedLifetimeMs = 24 * 3600 * 1000;

function settings(): { uploadsDir: string; maxBytes: number; piiPatterns: string } {
  const p = paths();
  return { uploadsDir: p.uploadsDir, maxBytes: config().values.ODP_UPLOAD_MAX_BYTES, piiPatterns: p.piiPatterns };
}

const stagingDir = (uploadsDir: string) => path.join(uploadsDir, '.staging');

function fileError(code: string, vi: string, en: string): FieldError {
  return { field: 'file', code, message_vi: vi, message_en: en };
}

/** The name a file gets on the portal: "Danh sách Phường (2025).CSV" → "danh-sach-phuong-2025.csv". */
export function safeFileName(original: string, format: UploadFormat): string {
  const base = original.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const stem = fold(base.replace(/\.[^.]*$/, ''))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${stem || 'du-lieu'}.${format}`;
}

type Sniffed = 'xlsx' | 'xml' | 'json' | 'text' | 'binary';

/** What the bytes are, whatever the name says: a zip (XLSX), markup, a JSON document, text or something else. */
function sniff(bytes: Buffer): Sniffed {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (bytes.subarray(0, 64 * 1024).includes(0)) return 'binary';
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '<') return 'xml';
  if (first === '{' || first === '[') {
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      return 'text';
    }
  }
  return 'text';
}

const shown: Record<Sniffed, { vi: string; en: string }> = {
  xlsx: { vi: 'một tệp nén (như bảng tính XLSX)', en: 'a zip file (such as an XLSX workbook)' },
  xml: { vi: 'mã đánh dấu (XML hoặc HTML)', en: 'markup (XML or HTML)' },
  json: { vi: 'JSON', en: 'JSON' },
  text: { vi: 'văn bản', en: 'text' },
  binary: { vi: 'tệp nhị phân', en: 'a binary file' },
};

/** Why the bytes are not the format the extension claims, or undefined when they are. */
function contentError(format: UploadFormat, bytes: Buffer): FieldError | undefined {
  const kind = sniff(bytes);
  const wants: Record<UploadFormat, Sniffed> = { csv: 'text', xlsx: 'xlsx', json: 'json', xml: 'xml' };
  if (kind !== wants[format]) {
    const ext = format.toUpperCase();
    return fileError(
      'content_mismatch',
      `Tệp có đuôi .${format} nhưng nội dung là ${shown[kind].vi}, không phải ${ext}. Hãy lưu lại tệp đúng định dạng ${ext} rồi tải lên.`,
      `The file is named .${format} but holds ${shown[kind].en}, not ${ext}. Save it as ${ext} and upload it again.`,
    );
  }
  if (format === 'csv' || format === 'json') {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fileError('not_utf8', notUtf8.vi, notUtf8.en);
    }
  }
  return undefined;
}

/** The first rows of the file, for example values (a file the profile could not read gives none). */
async function sampleOf(file: string, format: UploadFormat, bytes: Buffer): Promise<Table | undefined> {
  try {
    if (format === 'csv') return parseCsv(bytes.toString('utf8').normalize('NFC'), 200);
    if (format === 'json') return tableFromJson(JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')), 200);
    if (format === 'xlsx') return tableFromRows(await readSheet(file), 200);
  } catch {
    // The profile says why the file is not a table; examples are only a help.
  }
  return undefined;
}

/** An example value with the personal data in it masked, as the scan's findings are. */
function maskPersonal(value: string, column: string, rules: PiiRules): string {
  const hidden = new Array<boolean>(value.length).fill(false);
  for (const f of findInValue(value, column, rules)) {
    const at = value.indexOf(f.match, f.index);
    if (at >= 0) hidden.fill(true, at, at + f.match.length);
  }
  // Overlapping findings (a number both a phone number and a tax code) are masked as one stretch.
  let out = '';
  for (let i = 0; i < value.length;) {
    let j = i + 1;
    while (j < value.length && hidden[j] === hidden[i]) j++;
    out += hidden[i] ? mask(value.slice(i, j)) : value.slice(i, j);
    i = j;
  }
  return out;
}

/** Removes staged uploads older than a day (left by editors who did not save). */
function removeExpired(uploadsDir: string, now: number): void {
  const dir = stagingDir(uploadsDir);
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, e.name);
    try {
      if (now - statSync(at).mtimeMs > stagedLifetimeMs) rmSync(at, { recursive: true, force: true });
    } catch {
      // Removed by another request meanwhile.
    }
  }
}

/**
 * Stores an upload in the staging area (not served), profiles it with the build's code, proposes a
 * dictionary and runs the personal-data scan. Refuses, as errors for the `file` field, an empty
 * file, one over ODP_UPLOAD_MAX_BYTES, a type other than CSV, XLSX, JSON and XML, content that is
 * not what its name says, and a file that cannot be read to be scanned.
 */
export async function stageUpload(file: File, owner: string): Promise<{ ok: true; staged: StagedFile } | { ok: false; errors: FieldError[] }> {
  const s = settings();
  removeExpired(s.uploadsDir, Date.now());
  if (!owner) throw new UploadError('UPLOAD_NO_OWNER', 'Tệp tải lên phải có người tải / an upload needs an owner');
  if (!file.name && file.size === 0) return { ok: false, errors: [fileError('required', 'Chọn một tệp để tải lên.', 'Choose a file to upload.')] };
  const ext = path.extname(file.name).toLowerCase().slice(1);
  const format = formats.find((f) => f === ext);
  if (!format) {
    return {
      ok: false,
      errors: [fileError('unsupported_type', 'Chỉ nhận tệp CSV, XLSX, JSON hoặc XML (theo đuôi tên tệp).', 'Only CSV, XLSX, JSON or XML files are accepted (by the file name’s extension).')],
    };
  }
  if (file.size === 0) return { ok: false, errors: [fileError('empty', 'Tệp rỗng: không có dữ liệu nào.', 'The file is empty.')] };
  if (file.size > s.maxBytes) {
    const mb = Number((s.maxBytes / 1e6).toFixed(1));
    return {
      ok: false,
      errors: [
        fileError('too_large', `Tệp lớn hơn ${mb} MB, mức tối đa được tải lên. Hãy chia nhỏ tệp.`, `The file is larger than ${mb} MB, the most that can be uploaded. Split it into smaller files.`),
      ],
    };
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const wrong = contentError(format, bytes);
  if (wrong) return { ok: false, errors: [wrong] };

  const id = randomBytes(16).toString('hex');
  const dir = path.join(stagingDir(s.uploadsDir), id);
  const name = safeFileName(file.name, format);
  const target = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  let done = false;
  try {
    writeFileSync(target, bytes, { flag: 'wx' });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const profile = await profileFile(target, format, [], new Map(), s.maxBytes);
    const rules = loadPiiRules(s.piiPatterns);
    let scan: Awaited<ReturnType<typeof scanFile>>;
    try {
      scan = await scanFile(target, format, rules, { distribution: name });
    } catch (err) {
      const why = profile.message ?? { vi: (err as Error).message, en: (err as Error).message };
      return { ok: false, errors: [fileError('unreadable', `Không đọc được tệp để kiểm tra dữ liệu cá nhân: ${why.vi}`, `The file could not be read to check it for personal data: ${why.en}`)] };
    }
    const proposal = proposeDictionary(profile, await sampleOf(target, format, bytes));
    const staged: StagedFile = {
      id,
      name,
      originalName: file.name.normalize('NFC'),
      format,
      mediaType: String(vocabulary('FileFormat')[format]?.mediaType),
      byteSize: bytes.length,
      checksum: { algorithm: 'sha256', value: sha256 },
      profile,
      proposedDictionary: proposal.fields,
      proposedColumns: proposal.columns.map((c) => ({ ...c, examples: c.examples.map((v) => maskPersonal(v, c.header, rules)) })),
      personalData: { findings: scan.hits.map((h) => ({ file: h.file, line: h.line, column: h.column, value: h.masked, kind: h.label })), truncated: scan.truncated },
    };
    const meta: Meta = { ...staged, owner, size: bytes.length, sha256, created: new Date().toISOString() };
    // Written last and renamed into place: a staged file without its meta.json is never read.
    writeFileSync(path.join(dir, 'meta.json.tmp'), JSON.stringify(meta));
    renameSync(path.join(dir, 'meta.json.tmp'), path.join(dir, 'meta.json'));
    done = true;
    return { ok: true, staged };
  } finally {
    if (!done) rmSync(dir, { recursive: true, force: true });
  }
}

/** The meta of a staged upload of `owner`, or undefined (an id that is not one of ours is refused before the disk is touched). */
function readMeta(id: string, owner: string): { meta: Meta; dir: string } | undefined {
  if (!stagedId.test(id) || !owner) return undefined;
  const dir = path.join(stagingDir(settings().uploadsDir), id);
  let meta: Meta;
  try {
    meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Meta;
  } catch {
    return undefined;
  }
  return meta.owner === owner && uploadName.test(meta.name) && existsSync(path.join(dir, meta.name)) ? { meta, dir } : undefined;
}

/** A staged upload of `owner`, or undefined when there is none by that id (expired, saved already, another editor's). */
export function readStaged(id: string, owner: string): StagedFile | undefined {
  const found = readMeta(id, owner);
  if (!found) return undefined;
  const { owner: _owner, size: _size, sha256: _sha256, created: _created, ...staged } = found.meta;
  return staged;
}

const codesOf = new WeakMap<Portal, Map<string, Set<string>>>();

/** The code lists of the published catalog, for the dictionary check (none when the portal has no snapshot yet). */
function publishedCodes(): Map<string, Set<string>> {
  if (!existsSync(catalogFile())) return new Map();
  const portal = loadPortal();
  let codes = codesOf.get(portal);
  if (!codes) {
    codes = new Map();
    for (const e of portal.snapshot.codeListEntries) codes.set(e.codeList, (codes.get(e.codeList) ?? new Set()).add(e.code));
    codesOf.set(portal, codes);
  }
  return codes;
}

/**
 * Checks a staged file against a data dictionary, with the build's check (domain/profile-file.ts):
 * missing and extra columns, types, required values, codes. `codes`: the values of the code lists
 * (default: the published catalog's).
 */
export async function checkAgainstDictionary(staged: StagedFile, owner: string, dictionary: DataField[], codes?: Map<string, Set<string>>): Promise<DistributionProfile> {
  const found = readMeta(staged.id, owner);
  if (!found) throw new UploadError('UPLOAD_NOT_FOUND', `Không còn tệp đã tải lên / the staged upload ${staged.id} is not there (expired or saved already)`);
  return await profileFile(path.join(found.dir, found.meta.name), found.meta.format, dictionary, codes ?? publishedCodes(), settings().maxBytes);
}

/**
 * What the build will learn of a distribution's file, measured now: a link to the portal's own files
 * (the public folder, or the uploads as `/data/<dataset>/<file>`) profiled and checked against the
 * dictionary; undefined for a link elsewhere (the build only checks that it answers). With
 * `datasetId`, an upload in another dataset's folder counts as missing, as the build never publishes
 * it with this dataset (and its columns are not this editor's to see). Files larger than an upload
 * may be are left to the build ("too large" here).
 */
export async function profileUploaded(url: string, format: string, dictionary: DataField[], datasetId?: string, codes?: Map<string, Set<string>>): Promise<DistributionProfile | undefined> {
  return await portalFileProfile(url, format, dictionary, portalFilesNow(codes), datasetId);
}

/**
 * The portal's files as the check page measures them; the CMS hook measures with the same settings
 * when an entry is sent for review (domain/portal-profiles.ts). A page request measures at most an
 * upload's size; the build profiles larger public files itself.
 */
export function portalFilesNow(codes?: Map<string, Set<string>>): PortalFiles {
  const { uploadsDir, maxBytes } = settings();
  return { roots: portalRoots(buildConfig().publicDir, uploadsDir), uploadsDir, portalOrigins: buildConfig().portalOrigins, codes: codes ?? publishedCodes(), maxBytes };
}

/** Moves `from` to `to` unless `to` exists (then false), never replacing a file. */
function moveNew(from: string, to: string): boolean {
  try {
    linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links: an exclusive copy refuses an existing file just the same.
    if (code !== 'EPERM' && code !== 'EXDEV' && code !== 'ENOTSUP') throw err;
    try {
      copyFileSync(from, to, constants.COPYFILE_EXCL);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }
  unlinkSync(from);
  return true;
}

/**
 * Moves a staged upload of `owner` to the uploads of dataset `datasetId` and returns the portal path
 * the distribution links to, `/data/<datasetId>/<name>`. A name that is taken there (another file of
 * the dataset) is never replaced: the file becomes `<name>-2`, `<name>-3`…
 */
export function commitStaged(id: string, owner: string, datasetId: string): { downloadURL: string; name: string } {
  if (!datasetSlug.test(datasetId)) throw new UploadError('UPLOAD_INVALID_DATASET', `Mã tập dữ liệu không hợp lệ / not a dataset id: ${JSON.stringify(datasetId)}`);
  const found = readMeta(id, owner);
  if (!found) throw new UploadError('UPLOAD_NOT_FOUND', `Không còn tệp đã tải lên / the staged upload ${id} is not there (expired or saved already)`);
  const { meta, dir } = found;
  const target = path.join(settings().uploadsDir, datasetId);
  mkdirSync(target, { recursive: true });
  const ext = path.extname(meta.name);
  const stem = meta.name.slice(0, -ext.length);
  for (let n = 1; ; n++) {
    const name = n === 1 ? meta.name : `${stem}-${n}${ext}`;
    if (moveNew(path.join(dir, meta.name), path.join(target, name))) {
      rmSync(dir, { recursive: true, force: true });
      return { downloadURL: `/data/${datasetId}/${name}`, name };
    }
  }
}

/** The dataset and file name of a link to an uploaded file (`/data/<dataset>/<file>`), or undefined for any other link. */
export function uploadOfLink(downloadURL: string): { datasetId: string; name: string } | undefined {
  const m = /^\/data\/([^/]+)\/([^/]+)$/.exec(downloadURL);
  return m && datasetSlug.test(m[1]!) && uploadName.test(m[2]!) ? { datasetId: m[1]!, name: m[2]! } : undefined;
}

/** Removes an uploaded file of a dataset (a file replaced by a new one); false when there was none. */
export function removeUpload(datasetId: string, name: string): boolean {
  if (!datasetSlug.test(datasetId) || !uploadName.test(name)) return false;
  const dir = path.join(settings().uploadsDir, datasetId);
  try {
    unlinkSync(path.join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    rmdirSync(dir);
  } catch {
    // Other files of the dataset are still there.
  }
  return true;
}
