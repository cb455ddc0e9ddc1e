// The one configuration module of the project. Every environment variable any part reads is declared
// once in `settings` below (type, default, what it does, which part reads it), parsed and checked
// together, and handed out through typed accessors, one per part. README.md's configuration table is
// generated from this table (npm run config:docs) and a test fails when the two differ.
//
// Secrets that are not given are generated once into the ignored state folder (secrets.json, mode
// 600), so no credential is ever part of the repository; start-up prints where they come from. Only
// server code imports this module: nothing of it reaches browsers.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OdpError, type FieldError } from '../catalog-schema/src/errors.ts';
import { parseAllowList, type AllowList } from '../catalog-schema/src/network-address.ts';

/**
 * The project's folder. Found from this file: bundled into the portal server (<site>/server/) or the
 * CMS hook (cms/extensions/<name>/dist/) it sits deeper, so the folder holding platform/config.ts is
 * looked for upwards; a build copied elsewhere falls back to the working directory.
 */
export const projectRoot = ((): string => {
  try {
    for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'platform', 'config.ts'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  } catch {
    // Not a file URL: no folder to start from.
  }
  return process.cwd();
})();

// ——— the table ———

export type Part = 'state' | 'cms' | 'hook' | 'search' | 'site' | 'requests' | 'workspace' | 'rate' | 'build' | 'publish' | 'health' | 'usage' | 'backup' | 'tests';

interface Text {
  vi: string;
  en: string;
}

/** The parts of the project, in the order of the configuration table. */
export const parts: Record<Part, Text> = {
  state: { vi: 'Trạng thái cục bộ', en: 'Local state' },
  cms: { vi: 'CMS (Directus)', en: 'CMS (Directus)' },
  hook: { vi: 'Hook của CMS (chạy trong Directus; `npm start` đặt các biến này)', en: 'CMS hook (runs inside Directus; `npm start` sets these)' },
  search: { vi: 'Tìm kiếm (Meilisearch)', en: 'Search (Meilisearch)' },
  site: { vi: 'Cổng và máy chủ cổng', en: 'Portal and portal server' },
  requests: { vi: 'Biểu mẫu yêu cầu (máy chủ cổng)', en: 'Request forms (portal server)' },
  workspace: { vi: 'Không gian xuất bản của cơ quan (máy chủ cổng, `/publish/`)', en: 'Agency publishing workspace (portal server, `/publish/`)' },
  rate: { vi: 'Giới hạn tần suất (máy chủ cổng)', en: 'Rate limits (portal server)' },
  build: { vi: 'Dựng trang', en: 'Build' },
  publish: { vi: 'Đưa lên cổng', en: 'Publish to live' },
  health: { vi: 'Theo dõi dịch vụ', en: 'Health monitor' },
  usage: { vi: 'Lượt xem và tải', en: 'Views and downloads' },
  backup: { vi: 'Sao lưu', en: 'Backup' },
  tests: { vi: 'Kiểm thử và đo hiệu năng', en: 'Tests and benchmark' },
};

type Parsed<T> = { value: T } | { need: Text };

export interface Setting<T = unknown> {
  part: Part;
  /** What the variable does. */
  what: Text;
  /** Its type as the table shows it. */
  type: string;
  /** The code of the error a bad value gives. */
  code: string;
  /** The value when unset; undefined where an accessor derives one or the feature is off. */
  fallback: T;
  /** The default as the table shows it (Markdown). */
  shown: string;
  /** Never repeated in messages. */
  secret: boolean;
  parse(raw: string): Parsed<T>;
}

interface Doc {
  part: Part;
  en: string;
  vi: string;
  /** How the table states the default when it is not a plain value. */
  shown?: string;
}

const need = (vi: string, en: string): { need: Text } => ({ need: { vi, en } });

/** A kind of value: `type` and `code` for the table and errors, `parse` for a set value. */
function kind<T>(type: string, code: string, parse: (raw: string) => Parsed<T>, o: { secret?: boolean } = {}) {
  return <D extends T | undefined = undefined>(doc: Doc & { default?: D }): Setting<T | D> => ({
    part: doc.part,
    what: { vi: doc.vi, en: doc.en },
    type,
    code,
    fallback: doc.default as D,
    shown: doc.shown ?? (doc.default === undefined ? 'unset' : `\`${typeof doc.default === 'boolean' ? (doc.default ? 1 : 0) : String(doc.default)}\``),
    secret: o.secret ?? false,
    parse,
  });
}

const numberOf = (raw: string): number => (raw.trim() === '' ? NaN : Number(raw));

const text = kind('text', 'invalid_text', (raw) => ({ value: raw }));
const secret = kind('secret', 'invalid_secret', (raw) => ({ value: raw }), { secret: true });
const port = kind('port', 'not_a_port', (raw) => {
  const n = numberOf(raw);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? { value: n } : need('một số cổng từ 1 đến 65535', 'a port number from 1 to 65535');
});
const url = kind('URL', 'not_a_url', (raw) => {
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return { value: raw };
  } catch {
    // falls through to the message
  }
  return need('một địa chỉ http:// hoặc https://', 'an http:// or https:// address');
});
const file = kind('path', 'invalid_path', (raw) => ({ value: path.resolve(raw) }));
const flag = kind('`1` or `0`', 'not_a_flag', (raw) => {
  const r = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(r)) return { value: true };
  if (['0', 'false', 'no', 'off'].includes(r)) return { value: false };
  return need('1 (bật) hoặc 0 (tắt)', '1 (on) or 0 (off)');
});
const positiveNumber = (raw: string): Parsed<number> => {
  const n = numberOf(raw);
  return Number.isFinite(n) && n > 0 ? { value: n } : need('một số dương', 'a positive number');
};
const positive = kind('number', 'not_a_positive_number', positiveNumber);
const positiveSeconds = kind('seconds', 'not_a_positive_number', positiveNumber);
const secondsOrOff = kind('seconds', 'not_seconds', (raw) => {
  const n = numberOf(raw);
  return Number.isFinite(n) && n >= 0 ? { value: n } : need('một số giây ≥ 0 (0 để tắt)', 'a number of seconds ≥ 0 (0 turns it off)');
});
const count = kind('whole number', 'not_a_whole_number', (raw) => {
  const n = numberOf(raw);
  return Number.isInteger(n) && n > 0 ? { value: n } : need('một số nguyên dương', 'a positive whole number');
});
const offset = kind('whole number', 'not_a_whole_number', (raw) => {
  const n = numberOf(raw);
  return Number.isInteger(n) && n >= 0 && n < 60000 ? { value: n } : need('một số nguyên từ 0 đến 59999', 'a whole number from 0 to 59999');
});
const hostList = kind('hosts, addresses, CIDR ranges', 'invalid_allow_list', (raw) => {
  try {
    return { value: parseAllowList(raw) };
  } catch {
    return need('tên máy, địa chỉ IP hoặc dải CIDR, cách nhau bằng dấu phẩy, có thể kèm cổng', 'host names, IP addresses or CIDR ranges, comma-separated, each optionally with a port');
  }
});
const indexName = kind('name', 'not_a_name', (raw) => (/^[A-Za-z0-9_-]+$/.test(raw) ? { value: raw } : need('chỉ chữ cái, chữ số, - và _', 'letters, digits, - and _ only')));
function choice<C extends string>(values: readonly C[], aliases: Record<string, C> = {}) {
  const list = values.map((v) => `\`${v}\``).join(', ');
  return kind(`one of ${list}`, 'not_a_choice', (raw) => {
    const r = raw.trim().toLowerCase();
    const hit = values.find((v) => v.toLowerCase() === r) ?? aliases[r];
    return hit ? { value: hit } : need(`một trong ${values.join(', ')}`, `one of ${values.join(', ')}`);
  });
}

/**
 * Every variable the project reads. Directus reads DB_*, PRESSURE_LIMITER_ENABLED and its own
 * variables as they are passed to it (directusConfig). Not here: PATH, HOME, LANG, TZ and TMPDIR,
 * passed on unchanged to the services started (systemEnv), and scripts/run.mjs, which runs before
 * any TypeScript can and reads its own few.
 */
export const settings = {
  ODP_STATE_DIR: file({
    part: 'state',
    shown: '`.state/`',
    en: 'local databases, logs, builds and the generated secrets (`secrets.json`)',
    vi: 'cơ sở dữ liệu cục bộ, nhật ký, bản dựng và các khoá bí mật được sinh ra (`secrets.json`)',
  }),

  DIRECTUS_HOST: text({ part: 'cms', default: '127.0.0.1', en: 'where Directus listens', vi: 'địa chỉ Directus lắng nghe' }),
  DIRECTUS_PORT: port({ part: 'cms', default: 8055, shown: '`8055` (`npm run bench`: `8090`)', en: "Directus's port", vi: 'cổng của Directus' }),
  DIRECTUS_PUBLIC_URL: url({ part: 'cms', shown: '`http://DIRECTUS_HOST:DIRECTUS_PORT`', en: "Directus's public address", vi: 'địa chỉ công khai của Directus' }),
  DIRECTUS_ADMIN_EMAIL: text({
    part: 'cms',
    default: 'admin@example.com',
    en: 'the first administrator (created on first start only)',
    vi: 'quản trị viên đầu tiên (chỉ được tạo ở lần khởi động đầu)',
  }),
  DIRECTUS_ADMIN_PASSWORD: secret({ part: 'cms', shown: 'generated, `.state/secrets.json`', en: 'its password (first start only)', vi: 'mật khẩu của quản trị viên đó (chỉ ở lần khởi động đầu)' }),
  DIRECTUS_SECRET: secret({
    part: 'cms',
    shown: 'generated, `.state/secrets.json`',
    en: 'the secret Directus signs tokens with; the request-form secrets are derived from it',
    vi: 'khoá bí mật Directus dùng để ký token; khoá của biểu mẫu yêu cầu được suy ra từ nó',
  }),
  DIRECTUS_LOG_LEVEL: choice(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])({
    part: 'cms',
    default: 'warn',
    en: "Directus's log level (log file: `.state/directus/directus.log`)",
    vi: 'mức ghi nhật ký của Directus (tệp: `.state/directus/directus.log`)',
  }),
  DB_CLIENT: choice(['sqlite3', 'pg'], { postgres: 'pg', postgresql: 'pg' })({
    part: 'cms',
    default: 'sqlite3',
    shown: '`sqlite3` (file `.state/directus/data.db`)',
    en: '`pg` for PostgreSQL, with the `DB_*` variables below',
    vi: '`pg` để dùng PostgreSQL, với các biến `DB_*` dưới đây',
  }),
  DB_HOST: text({ part: 'cms', default: '127.0.0.1', en: 'PostgreSQL host (`pg` only)', vi: 'máy chủ PostgreSQL (chỉ với `pg`)' }),
  DB_PORT: port({ part: 'cms', default: 5432, en: 'PostgreSQL port', vi: 'cổng PostgreSQL' }),
  DB_DATABASE: text({ part: 'cms', default: 'directus', en: 'PostgreSQL database', vi: 'cơ sở dữ liệu PostgreSQL' }),
  DB_USER: text({ part: 'cms', default: 'directus', en: 'PostgreSQL user', vi: 'người dùng PostgreSQL' }),
  DB_PASSWORD: secret({ part: 'cms', default: '', shown: 'empty', en: 'its password', vi: 'mật khẩu của người dùng đó' }),
  PRESSURE_LIMITER_ENABLED: flag({
    part: 'cms',
    default: false,
    en: "Directus's own load limiter (answers 503 when its event loop lags); off because a build on the same machine makes it lag; turn it on for a CMS on a machine of its own",
    vi: 'bộ hạn chế tải của Directus (trả 503 khi vòng lặp sự kiện bị trễ); tắt vì việc dựng trang trên cùng máy làm nó trễ; bật khi CMS chạy trên máy riêng',
  }),
  ODP_SEED_DIR: file({ part: 'cms', shown: '`cms/seed/`', en: 'the catalog `npm start` seeds', vi: 'danh mục mà `npm start` nạp sẵn' }),
  ODP_ADMIN_UNITS_DIR: file({ part: 'cms', shown: '`../shared/data/vn-admin-units`', en: 'where the administrative-unit CSV files are read from', vi: 'thư mục chứa các tệp CSV đơn vị hành chính' }),
  ODP_HOLIDAYS_FILE: file({
    part: 'cms',
    shown: '`catalog-schema/data/vn-public-holidays.json`',
    en: 'public holidays for the working-day count of maintenance notices',
    vi: 'ngày lễ để tính ngày làm việc của thông báo bảo trì',
  }),
  ODP_PII_PATTERNS: file({
    part: 'cms',
    shown: '`cms/pii-patterns.json`',
    en: 'the personal-data patterns checked before publishing (CMS hook and publisher)',
    vi: 'các mẫu dữ liệu cá nhân được kiểm tra trước khi công bố (hook của CMS và bộ đưa lên cổng)',
  }),

  ODP_MEILI_URL: url({
    part: 'hook',
    en: 'Meilisearch as the CMS hook reaches it, to keep the index current as editors publish; unset: search follows at the next build',
    vi: 'Meilisearch mà hook của CMS dùng để cập nhật chỉ mục ngay khi công bố; không đặt: tìm kiếm cập nhật ở lần dựng sau',
  }),
  ODP_MEILI_INDEX_KEY: secret({ part: 'hook', en: 'its key (may only add and delete documents)', vi: 'khoá của nó (chỉ được thêm và xoá tài liệu)' }),

  MEILI_HOST: text({ part: 'search', default: '127.0.0.1', en: 'where Meilisearch listens', vi: 'địa chỉ Meilisearch lắng nghe' }),
  MEILI_PORT: port({ part: 'search', default: 7700, shown: '`7700` (`npm run bench`: `7790`)', en: "Meilisearch's port", vi: 'cổng của Meilisearch' }),
  MEILI_URL: url({
    part: 'search',
    shown: '`http://MEILI_HOST:MEILI_PORT`',
    en: 'Meilisearch as the pipeline and the portal server reach it (the portal server has no search without it)',
    vi: 'Meilisearch như quy trình dựng và máy chủ cổng truy cập (thiếu nó máy chủ cổng không có tìm kiếm)',
  }),
  MEILI_PUBLIC_URL: url({
    part: 'search',
    shown: '`MEILI_URL`',
    en: 'Meilisearch as browsers reach it (search as you type; allowed by the Content-Security-Policy)',
    vi: 'Meilisearch như trình duyệt truy cập (tìm kiếm khi gõ; được cho phép trong Content-Security-Policy)',
  }),
  MEILI_MASTER_KEY: secret({ part: 'search', shown: 'generated, `.state/secrets.json`', en: 'Meilisearch master key (server side only)', vi: 'khoá chủ của Meilisearch (chỉ phía máy chủ)' }),
  MEILI_SEARCH_KEY: secret({
    part: 'search',
    shown: 'made by `npm start`',
    en: 'the search-only key of the portal server, the only key browsers may see',
    vi: 'khoá chỉ-tìm-kiếm của máy chủ cổng, khoá duy nhất trình duyệt được thấy',
  }),
  MEILI_LOG_LEVEL: choice(['OFF', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'])({
    part: 'search',
    default: 'WARN',
    en: "Meilisearch's log level (log file: `.state/meilisearch/meilisearch.log`)",
    vi: 'mức ghi nhật ký của Meilisearch (tệp: `.state/meilisearch/meilisearch.log`)',
  }),
  ODP_SEARCH_INDEX: indexName({ part: 'search', default: 'datasets', en: 'the datasets index', vi: 'chỉ mục tập dữ liệu' }),

  HOST: text({ part: 'site', default: '127.0.0.1', en: 'where the portal listens', vi: 'địa chỉ cổng dữ liệu lắng nghe' }),
  ODP_PORTAL_ORIGINS: text({
    part: 'site',
    shown: '`ODP_SITE_URL` and `http://HOST:PORT`',
    en: "the portal's own addresses, comma-separated: a file linked by one of them is read from disk by the personal-data scan and the file profiles, never fetched",
    vi: 'các địa chỉ của chính cổng, cách nhau bởi dấu phẩy: tệp được liên kết qua các địa chỉ này được đọc từ đĩa khi quét dữ liệu cá nhân và lập hồ sơ tệp, không tải qua mạng',
  }),
  PORT: port({
    part: 'site',
    default: 4321,
    shown: '`4321` (`npm run bench`: `4390`)',
    en: "the portal's port; with `npm start`, PORT+1 is the publish endpoint (CMS → pipeline, 127.0.0.1 only), PORT+2 and PORT+3 the portal servers of the live and the next build",
    vi: 'cổng của cổng dữ liệu; với `npm start`, PORT+1 là điểm nhận yêu cầu đưa lên cổng (CMS → quy trình dựng, chỉ 127.0.0.1), PORT+2 và PORT+3 là máy chủ của bản dựng đang chạy và bản kế tiếp',
  }),
  ODP_SITE_URL: url({
    part: 'site',
    default: 'http://127.0.0.1:4321',
    en: "the portal's public address (canonical links, DCAT-AP identifiers)",
    vi: 'địa chỉ công khai của cổng (liên kết chuẩn, định danh DCAT-AP)',
  }),
  ODP_CATALOG_FILE: file({
    part: 'site',
    shown: '`.state/catalog/snapshot.json`',
    en: 'the catalog snapshot the build writes and falls back to, and the portal server reads',
    vi: 'bản chụp danh mục mà bước dựng ghi ra và dùng lại khi CMS không trả lời, và máy chủ cổng đọc',
  }),
  ODP_SITE_OUT_DIR: file({
    part: 'site',
    shown: '`.state/site`',
    en: 'build output (builds published to live go to `<dir>-builds/<n>/`)',
    vi: 'thư mục bản dựng (các bản đưa lên cổng nằm ở `<dir>-builds/<n>/`)',
  }),
  ODP_TRUST_PROXY: flag({
    part: 'site',
    default: false,
    en: "`1`: the client is the last address of `X-Forwarded-For`, and `X-Forwarded-Proto: https` means HTTPS (behind the city's proxy)",
    vi: '`1`: máy khách là địa chỉ cuối trong `X-Forwarded-For`, và `X-Forwarded-Proto: https` nghĩa là HTTPS (khi đứng sau proxy của thành phố)',
  }),
  ODP_RENDERER_DIR: file({
    part: 'site',
    shown: 'set by `npm start`',
    en: 'the renderer build (every page rendered when asked for) the live portal server answers from after incremental publishes',
    vi: 'bản dựng kết xuất (mỗi trang tạo khi được yêu cầu) mà máy chủ cổng đang chạy dùng sau các lần đưa lên từng phần',
  }),
  ODP_LIVE_SECRET: secret({
    part: 'site',
    shown: 'made by `npm start`',
    en: 'the secret with which the publisher tells the live portal server which catalog to serve (made at every start)',
    vi: 'khoá bí mật để bộ đưa lên báo cho máy chủ cổng đang chạy danh mục cần phục vụ (tạo mỗi lần khởi động)',
  }),
  ODP_RESTART_DELAY: positiveSeconds({
    part: 'site',
    default: 1,
    en: 'with `npm start`: seconds before a service that stopped on its own (Meilisearch, Directus, a portal server) is started again; doubled after each further quick failure, up to 30 s; after 5 restarts that each failed within a minute it is left stopped',
    vi: 'với `npm start`: số giây trước khi khởi động lại một dịch vụ tự dừng (Meilisearch, Directus, máy chủ cổng); gấp đôi sau mỗi lần hỏng nhanh tiếp theo, tối đa 30 s; sau 5 lần khởi động lại đều hỏng trong vòng một phút thì để dừng',
  }),

  ODP_DIRECTUS_URL: url({
    part: 'requests',
    shown: '`DIRECTUS_PUBLIC_URL` with `npm start`',
    en: 'where the portal server sends request forms; without it and the two below the form is off',
    vi: 'nơi máy chủ cổng gửi biểu mẫu yêu cầu; thiếu nó hoặc hai biến dưới thì biểu mẫu tắt',
  }),
  ODP_REQUESTS_TOKEN: secret({
    part: 'requests',
    shown: 'derived from `DIRECTUS_SECRET`',
    en: 'static token of the request-intake user (may only create requests)',
    vi: 'token cố định của người dùng tiếp nhận yêu cầu (chỉ được tạo yêu cầu)',
  }),
  ODP_FORM_SECRET: secret({ part: 'requests', shown: 'derived from `DIRECTUS_SECRET`', en: 'signs the time a request form was served', vi: 'ký thời điểm biểu mẫu yêu cầu được gửi ra' }),

  ODP_SESSION_SECRET: secret({
    part: 'workspace',
    shown: 'derived from `DIRECTUS_SECRET`',
    en: "seals the editors' session cookie and signs its CSRF tokens; the workspace is on when this and `ODP_DIRECTUS_URL` are set (`npm start` sets both)",
    vi: 'niêm phong cookie phiên của biên tập viên và ký mã chống CSRF; không gian xuất bản bật khi biến này và `ODP_DIRECTUS_URL` được đặt (`npm start` đặt cả hai)',
  }),
  ODP_UPLOADS_DIR: file({
    part: 'workspace',
    shown: '`.state/uploads`',
    en: "files editors upload: kept here, never public before review; the CMS hook's personal-data guard and the build read them",
    vi: 'tệp biên tập viên tải lên: lưu ở đây, không công khai trước khi thẩm định; bộ kiểm tra dữ liệu cá nhân của hook CMS và bước dựng đọc chúng',
  }),
  ODP_UPLOAD_MAX_BYTES: positive({ part: 'workspace', default: 50000000, en: 'largest file an editor may upload, in bytes', vi: 'tệp lớn nhất biên tập viên được tải lên, tính bằng byte' }),
  ODP_SIGNIN_ATTEMPTS: count({
    part: 'workspace',
    default: 5,
    en: 'failed sign-ins allowed per account per window; one client address gets four times as many (an office behind one address)',
    vi: 'số lần đăng nhập sai cho phép của mỗi tài khoản trong một khoảng; mỗi địa chỉ máy khách được gấp bốn lần (một cơ quan dùng chung một địa chỉ)',
  }),
  ODP_SIGNIN_WINDOW_S: positiveSeconds({ part: 'workspace', default: 900, en: 'that window, in seconds', vi: 'độ dài khoảng đó, tính bằng giây' }),

  ODP_RATE_LIMIT: flag({
    part: 'rate',
    default: true,
    en: '`0` turns limiting off (load tests; `npm run bench` does unless it is set)',
    vi: '`0` tắt giới hạn (kiểm thử tải; `npm run bench` tắt nếu biến không được đặt)',
  }),
  ODP_RATE_LIMIT_READ: positive({
    part: 'rate',
    default: 3000,
    en: 'GET/HEAD requests per client per window: as many at once, then spread evenly (3000 a minute is 50 a second, for harvesters)',
    vi: 'số yêu cầu GET/HEAD của mỗi máy khách trong một khoảng: gửi ngay được chừng ấy, sau đó chia đều (3000 một phút là 50 một giây, đủ cho máy thu thập)',
  }),
  ODP_RATE_LIMIT_WRITE: positive({
    part: 'rate',
    default: 10,
    en: 'POST (and other writing) requests per client per window',
    vi: 'số yêu cầu POST (và các yêu cầu ghi khác) của mỗi máy khách trong một khoảng',
  }),
  ODP_RATE_LIMIT_WORKSPACE: positive({
    part: 'rate',
    default: 120,
    en: 'POST requests per client per window under `/publish/` (editors send many forms), counted apart from the limit above',
    vi: 'số yêu cầu POST của mỗi máy khách trong một khoảng dưới `/publish/` (biên tập viên gửi nhiều biểu mẫu), đếm riêng với giới hạn trên',
  }),
  ODP_RATE_LIMIT_WINDOW_S: positiveSeconds({ part: 'rate', default: 60, en: 'the window, in seconds', vi: 'độ dài một khoảng, tính bằng giây' }),
  ODP_RATE_LIMIT_CLIENTS: count({ part: 'rate', default: 10000, en: 'counters kept at most (the oldest are dropped first)', vi: 'số bộ đếm giữ tối đa (bỏ bộ cũ nhất trước)' }),

  ODP_PUBLIC_DIR: file({
    part: 'build',
    shown: '`public/`',
    en: "the portal's own files (`/data/…`): built into the site, profiled, scanned for personal data by the CMS hook",
    vi: 'các tệp của chính cổng (`/data/…`): đưa vào bản dựng, được lập hồ sơ, được hook của CMS quét dữ liệu cá nhân',
  }),
  ODP_PROFILE_MAX_BYTES: positive({ part: 'build', default: 500000000, en: 'largest file the build profiles, in bytes', vi: 'tệp lớn nhất được lập hồ sơ khi dựng, tính bằng byte' }),
  ODP_CHECK_LINKS: flag({ part: 'build', default: true, en: '`0`: do not check that links outside the portal answer', vi: '`0`: không kiểm tra các liên kết ra ngoài cổng có trả lời không' }),
  ODP_FETCH_ALLOW: hostList({
    part: 'build',
    shown: 'none',
    en: 'the internal servers the link check, the health monitor and harvests may call although they are not public, e.g. `lgsp.tphcm.internal, 10.20.0.0/16, 10.30.0.5:8443`; any other local or private address is refused',
    vi: 'các máy chủ nội bộ mà bước kiểm tra liên kết, bộ theo dõi dịch vụ và việc thu thập được gọi tới dù không công khai, vd. `lgsp.tphcm.internal, 10.20.0.0/16, 10.30.0.5:8443`; mọi địa chỉ cục bộ hay nội bộ khác bị từ chối',
  }),
  ODP_RENDER: choice(['static', 'on-demand'])({
    part: 'build',
    default: 'static',
    en: '`on-demand`: build the catalog pages as server routes rendered when asked for (the renderer of incremental publishing uses it; the pages are the same)',
    vi: '`on-demand`: dựng các trang danh mục thành trang máy chủ, tạo khi được yêu cầu (bộ dựng của việc đưa lên từng phần dùng nó; các trang không đổi)',
  }),
  ODP_CATALOG_PAGE_SIZE: count({ part: 'build', default: 1000, en: 'datasets per DCAT-AP catalog page (Hydra)', vi: 'số tập dữ liệu mỗi trang danh mục DCAT-AP (Hydra)' }),
  ODP_DATA_API_DIR: file({
    part: 'build',
    shown: '`.state/data-api`',
    en: 'the Data API folder: one Parquet file per open CSV, XLSX or JSON file (loaded in the background after each build), read by the portal server',
    vi: 'thư mục của API dữ liệu: mỗi tệp CSV, XLSX, JSON mở có một tệp Parquet (nạp ngầm sau mỗi lần dựng), máy chủ cổng đọc từ đây',
  }),
  ODP_DATA_API_TIMEOUT_MS: positive({ part: 'site', default: 5000, en: 'longest a Data API query may run, in milliseconds', vi: 'thời gian tối đa của một truy vấn API dữ liệu, tính bằng mili giây' }),
  ODP_DATA_API_MEMORY_MB: positive({ part: 'site', default: 512, en: 'memory the Data API query engine may use, in MB', vi: 'bộ nhớ tối đa của bộ truy vấn API dữ liệu, tính bằng MB' }),
  ODP_PROFILES_FILE: file({
    part: 'build',
    shown: '`profiles.json` beside the snapshot',
    en: 'the file profiles the build writes and the pages show',
    vi: 'hồ sơ các tệp dữ liệu mà bước dựng ghi ra và các trang hiển thị',
  }),

  ODP_PUBLISH_URL: url({
    part: 'publish',
    shown: 'with `npm start`: `http://127.0.0.1:<PORT+1>/publish`',
    en: "the pipeline's publish endpoint, which the CMS hook calls after a change to the public site; unset: changes show at the next build",
    vi: 'điểm nhận yêu cầu đưa lên cổng của quy trình dựng, hook của CMS gọi sau mỗi thay đổi trang công khai; không đặt: thay đổi hiện ở lần dựng sau',
  }),
  ODP_PUBLISH_SECRET: secret({ part: 'publish', shown: 'made at every `npm start`', en: 'the secret of that endpoint', vi: 'khoá bí mật của điểm nhận đó' }),

  ODP_HEALTH_INTERVAL: secondsOrOff({
    part: 'health',
    default: 300,
    en: 'seconds between health-monitor passes in `npm start`; `0` turns it off',
    vi: 'số giây giữa hai lượt kiểm tra dịch vụ trong `npm start`; `0` để tắt',
  }),
  ODP_HEALTH_TIMEOUT: positiveSeconds({ part: 'health', default: 10, en: 'seconds a health URL has to answer', vi: 'số giây một địa chỉ kiểm tra có để trả lời' }),
  ODP_HEALTH_FILE: file({ part: 'health', shown: '`health.jsonl` beside the snapshot', en: 'the health log', vi: 'nhật ký kiểm tra dịch vụ' }),

  ODP_USAGE: flag({
    part: 'usage',
    default: true,
    en: 'the portal server counts views and downloads (per day and path, nothing about visitors); `0` turns counting off',
    vi: 'máy chủ cổng đếm lượt xem và tải (theo ngày và đường dẫn, không gì về người xem); `0` để tắt',
  }),
  ODP_USAGE_FILE: file({ part: 'usage', shown: '`usage.jsonl` beside the snapshot', en: 'the log of those counts (the dashboard reads it)', vi: 'nhật ký các số đếm đó (bảng điều khiển đọc nó)' }),

  ODP_BACKUP_DIR: file({ part: 'backup', shown: '`.state/backups`', en: 'where `npm run backup` writes', vi: 'nơi `npm run backup` ghi bản sao lưu' }),

  CHROMIUM_PATH: file({ part: 'tests', default: '/usr/bin/chromium', en: 'the browser of the end-to-end tests and the benchmark', vi: 'trình duyệt của kiểm thử đầu-cuối và phép đo hiệu năng' }),
  ODP_TEST_PORT_OFFSET: offset({
    part: 'tests',
    default: 0,
    en: 'added to every port of the test services, so that two checkouts run their tests at the same time',
    vi: 'cộng vào mọi cổng của dịch vụ kiểm thử, để hai bản sao mã chạy kiểm thử cùng lúc',
  }),
  CI: text({
    part: 'tests',
    en: '`true` or `1`: a missing PostgreSQL or Chromium fails `npm test` instead of skipping those tests',
    vi: '`true` hoặc `1`: thiếu PostgreSQL hoặc Chromium thì `npm test` thất bại thay vì bỏ qua các kiểm thử đó',
  }),
  FORCE_COLOR: text({ part: 'tests', shown: '`1` (`0` in CI)', en: 'colours in the output of `npm test`', vi: 'màu trong kết quả của `npm test`' }),
};

export type SettingName = keyof typeof settings;
export const settingNames = Object.keys(settings) as SettingName[];
type ValueOf<S> = S extends Setting<infer T> ? T : never;
export type Values = { readonly [K in SettingName]: ValueOf<(typeof settings)[K]> };

export interface Config {
  values: Values;
  /** The variables that were set (and valid), as they were given. */
  given: Partial<Record<SettingName, string>>;
}

/** Bad values in the environment: `errors` names each variable and what it needs, in both languages. */
export class ConfigError extends OdpError {
  override name = 'ConfigError';
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super('CONFIG_INVALID', `Cấu hình không hợp lệ / invalid configuration:\n${errors.map((e) => `  - ${e.message_vi} / ${e.message_en}`).join('\n')}`);
    this.errors = errors;
  }
}

function invalid(name: SettingName, s: Setting, raw: string, needed: Text): FieldError {
  const value = s.secret ? '' : `="${raw}"`;
  const plain = s.fallback === undefined ? undefined : s.shown.replaceAll('`', '');
  return {
    field: name,
    code: s.code,
    message_vi: `Biến môi trường ${name}${value} không hợp lệ: cần ${needed.vi}. Sửa giá trị, hoặc bỏ biến này${plain === undefined ? '' : ` để dùng mặc định ${plain}`}.`,
    message_en: `The environment variable ${name}${value} is not valid: ${needed.en} is needed. Fix the value, or unset it${plain === undefined ? '' : ` to use the default ${plain}`}.`,
  };
}

/** Parses and checks every variable of `env`; throws one ConfigError naming every bad one. An empty value counts as unset. */
export function readConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const values: Record<string, unknown> = {};
  const given: Partial<Record<SettingName, string>> = {};
  const errors: FieldError[] = [];
  for (const name of settingNames) {
    const s = settings[name] as Setting;
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      values[name] = s.fallback;
      continue;
    }
    const r = s.parse(raw);
    if ('need' in r) errors.push(invalid(name, s, raw, r.need));
    else {
      values[name] = r.value;
      given[name] = raw;
    }
  }
  if (errors.length) throw new ConfigError(errors);
  return { values: values as Values, given };
}

let memo: { key: string; config: Config } | undefined;

/**
 * The configuration of this process, parsed once. Read again only if the environment changed since
 * (a test or setForRun set a variable), so every caller sees the same values.
 */
export function config(): Config {
  const key = settingNames.map((n) => process.env[n] ?? '\u0000').join('\u0001');
  if (memo?.key !== key) memo = { key, config: readConfig(process.env) };
  return memo.config;
}

/**
 * Gives `name` a value for this process and every process it starts, unless the operator set it:
 * for what one run fixes for all its builds (one health log, one usage log, no rate limits in the
 * benchmark).
 */
export function setForRun(name: SettingName, value: string): void {
  if (config().given[name] === undefined) process.env[name] = value;
}

/** The raw values of those of `names` that are set, to pass on to a started process. */
export function givenValues(names: readonly SettingName[], c = config()): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (c.given[n] === undefined ? [] : [[n, c.given[n]]])));
}

/** What a started service needs of the system; the project's own settings are passed to it explicitly. */
export function systemEnv(): Record<string, string | undefined> {
  const { PATH, HOME, LANG, TZ, TMPDIR } = process.env;
  return { PATH, HOME, LANG, TZ, TMPDIR };
}

/** This process's whole environment with `extra`: for the project's own tools (astro build, vitest, apt-get). */
export function inheritedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

// ——— paths: each default is made here and nowhere else ———

export interface Paths {
  stateDir: string;
  secretsFile: string;
  snapshotFile: string;
  siteOutDir: string;
  siteLogFile: string;
  directusDir: string;
  meiliDir: string;
  profileCacheDir: string;
  /** The Data API's Parquet files and their index. */
  dataApiDir: string;
  astroCacheDir: string;
  backupDir: string;
  seedDir: string;
  adminUnitsDir: string;
  publicDir: string;
  /** Editors' uploads, never served as they are. */
  uploadsDir: string;
  piiPatterns: string;
  /** Undefined: the table shipped with the schema. */
  holidaysFile: string | undefined;
}

export function paths(c = config()): Paths {
  const v = c.values;
  const stateDir = v.ODP_STATE_DIR ?? path.join(projectRoot, '.state');
  return {
    stateDir,
    secretsFile: path.join(stateDir, 'secrets.json'),
    snapshotFile: v.ODP_CATALOG_FILE ?? path.join(stateDir, 'catalog', 'snapshot.json'),
    siteOutDir: v.ODP_SITE_OUT_DIR ?? path.join(stateDir, 'site'),
    siteLogFile: path.join(stateDir, 'site-server.log'),
    directusDir: path.join(stateDir, 'directus'),
    meiliDir: path.join(stateDir, 'meilisearch'),
    profileCacheDir: path.join(stateDir, 'profile-cache'),
    dataApiDir: v.ODP_DATA_API_DIR ?? path.join(stateDir, 'data-api'),
    astroCacheDir: path.join(stateDir, 'astro-cache'),
    backupDir: v.ODP_BACKUP_DIR ?? path.join(stateDir, 'backups'),
    seedDir: v.ODP_SEED_DIR ?? path.join(projectRoot, 'cms', 'seed'),
    adminUnitsDir: v.ODP_ADMIN_UNITS_DIR ?? path.join(projectRoot, '..', 'shared', 'data', 'vn-admin-units'),
    publicDir: v.ODP_PUBLIC_DIR ?? path.join(projectRoot, 'public'),
    uploadsDir: v.ODP_UPLOADS_DIR ?? path.join(stateDir, 'uploads'),
    piiPatterns: v.ODP_PII_PATTERNS ?? path.join(projectRoot, 'cms', 'pii-patterns.json'),
    holidaysFile: v.ODP_HOLIDAYS_FILE,
  };
}

/** The state folder of this process (fixed at start: databases and secrets do not move while running). */
export const stateDir = paths().stateDir;

/** The file profiles of a build: ODP_PROFILES_FILE, or profiles.json beside its snapshot. */
export function profilesFileFor(snapshotFile: string, c = config()): string {
  return c.values.ODP_PROFILES_FILE ?? path.join(path.dirname(path.resolve(snapshotFile)), 'profiles.json');
}

/** The health log of a build: ODP_HEALTH_FILE, or health.jsonl beside its snapshot. */
export function healthFileFor(snapshotFile: string, c = config()): string {
  return c.values.ODP_HEALTH_FILE ?? path.join(path.dirname(path.resolve(snapshotFile)), 'health.jsonl');
}

/** The log of views and downloads of a build: ODP_USAGE_FILE, or usage.jsonl beside its snapshot. */
export function usageFileFor(snapshotFile: string, c = config()): string {
  return c.values.ODP_USAGE_FILE ?? path.join(path.dirname(path.resolve(snapshotFile)), 'usage.jsonl');
}

// ——— secrets ———

interface Secrets {
  directusSecret: string;
  adminPassword: string;
  meiliMasterKey: string;
}

/** Generated local secrets (.state/secrets.json, mode 600), created on first use. */
export function localSecrets(dir = stateDir): Secrets {
  const file = path.join(dir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  mkdirSync(dir, { recursive: true });
  const secrets: Secrets = {
    directusSecret: randomBytes(32).toString('base64url'),
    adminPassword: randomBytes(12).toString('base64url'),
    meiliMasterKey: randomBytes(24).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * The password of the demo catalog's editors and reviewer (one for all of them), generated once
 * into secrets.json beside the others; a secrets file from before it is given one.
 */
export function demoUserPassword(dir = stateDir): string {
  const secrets = localSecrets(dir) as Secrets & { demoUserPassword?: string };
  if (secrets.demoUserPassword) return secrets.demoUserPassword;
  const withDemo = { ...secrets, demoUserPassword: randomBytes(12).toString('base64url') };
  writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify(withDemo, null, 2), { mode: 0o600 });
  return withDemo.demoUserPassword;
}

// ——— CMS (Directus) ———

export interface DirectusConfig {
  url: string;
  host: string;
  port: number;
  adminEmail: string;
  adminPassword: string;
  /** Where the admin password came from, for the start-up message. */
  adminPasswordSource: 'env' | 'generated';
  secret: string;
  dbClient: 'sqlite3' | 'pg';
  /** SQLite file (sqlite3 only). */
  dbFilename: string;
  /** Directus's own environment: DB_*, SECRET, ADMIN_*, PORT… */
  env: Record<string, string>;
  dataDir: string;
}

export function directusConfig(overrides: Partial<{ port: number; dataDir: string; dbClient: 'sqlite3' | 'pg'; pg: Record<string, string> }> = {}): DirectusConfig {
  const c = config();
  const v = c.values;
  const p = paths(c);
  const secrets = localSecrets();
  const port = overrides.port ?? v.DIRECTUS_PORT;
  const host = v.DIRECTUS_HOST;
  const dataDir = overrides.dataDir ?? p.directusDir;
  const dbClient = overrides.dbClient ?? v.DB_CLIENT;
  const adminEmail = v.DIRECTUS_ADMIN_EMAIL;
  const adminPassword = v.DIRECTUS_ADMIN_PASSWORD ?? secrets.adminPassword;
  const secret = v.DIRECTUS_SECRET ?? secrets.directusSecret;
  const url = v.DIRECTUS_PUBLIC_URL ?? `http://${host}:${port}`;
  const dbFilename = path.join(dataDir, 'data.db');
  const db: Record<string, string> =
    dbClient === 'pg'
      ? {
          DB_CLIENT: 'pg',
          DB_HOST: overrides.pg?.DB_HOST ?? v.DB_HOST,
          DB_PORT: overrides.pg?.DB_PORT ?? String(v.DB_PORT),
          DB_DATABASE: overrides.pg?.DB_DATABASE ?? v.DB_DATABASE,
          DB_USER: overrides.pg?.DB_USER ?? v.DB_USER,
          DB_PASSWORD: overrides.pg?.DB_PASSWORD ?? v.DB_PASSWORD,
        }
      : { DB_CLIENT: 'sqlite3', DB_FILENAME: dbFilename };
  const env: Record<string, string> = {
    ...db,
    SECRET: secret,
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    HOST: host,
    PORT: String(port),
    PUBLIC_URL: url,
    EXTENSIONS_PATH: path.join(projectRoot, 'cms', 'extensions'),
    EXTENSIONS_AUTO_RELOAD: 'false',
    // The hook's checks read the portal's files, the operator's pattern list and holiday table.
    ODP_PUBLIC_DIR: p.publicDir,
    // Editors' uploads: the personal-data guard reads a draft's files there before anyone sees them.
    ODP_UPLOADS_DIR: p.uploadsDir,
    ODP_PII_PATTERNS: p.piiPatterns,
    // Directus's own HOST and PORT are its own: the portal's addresses travel under a name of theirs.
    ODP_PORTAL_ORIGINS: portalOrigins(c).join(','),
    // Links to the internal services the operator allows pass the hook's check on save; a file sent
    // for review is profiled up to the upload limit, as the workspace's check page does.
    ...givenValues(['ODP_FETCH_ALLOW', 'ODP_UPLOAD_MAX_BYTES'], c),
    ...(p.holidaysFile ? { ODP_HOLIDAYS_FILE: p.holidaysFile } : {}),
    STORAGE_LOCATIONS: 'local',
    STORAGE_LOCAL_ROOT: path.join(dataDir, 'uploads'),
    // The portal runs offline-capable: no reports to third parties.
    TELEMETRY: 'false',
    PROJECT_OWNER_ENABLED: 'false',
    WEBSOCKETS_ENABLED: 'false',
    CACHE_ENABLED: 'false',
    LOG_LEVEL: v.DIRECTUS_LOG_LEVEL,
    LOG_STYLE: 'pretty',
    // Editors and the site builder read many items at once.
    QUERY_LIMIT_MAX: '-1',
    ACCESS_TOKEN_TTL: '1h',
    // Directus refuses requests ("Under pressure", 503) when its event loop lags; the site build runs
    // on the same machine and makes it lag, so publishing failed at random on 2 cores. Off unless the
    // operator turns it on (a CMS on its own machine, behind a proxy that limits).
    PRESSURE_LIMITER_ENABLED: String(v.PRESSURE_LIMITER_ENABLED),
  };
  return { url, host, port, adminEmail, adminPassword, adminPasswordSource: v.DIRECTUS_ADMIN_PASSWORD ? 'env' : 'generated', secret, dbClient, dbFilename, env, dataDir };
}

/**
 * The secrets of the portal's request forms, derived from the Directus secret unless given:
 * - token: the static token of the intake user, which may only create data requests
 *   (ODP_REQUESTS_TOKEN); the portal server gets this, never the admin credentials;
 * - formSecret: signs the time a form was served, to refuse forms sent back too fast
 *   (ODP_FORM_SECRET).
 */
export function requestSecrets(cfg: Pick<DirectusConfig, 'secret'>, c = config()): { token: string; formSecret: string } {
  const derive = (purpose: string) => createHmac('sha256', cfg.secret).update(purpose).digest('base64url');
  return { token: c.values.ODP_REQUESTS_TOKEN ?? derive('odp-requests-intake-token'), formSecret: c.values.ODP_FORM_SECRET ?? derive('odp-request-form') };
}

/**
 * The secret of the editors' sessions (ODP_SESSION_SECRET), derived from the Directus secret unless
 * given: every portal server of one CMS gets the same one, so a session survives a restart and the
 * swap to a newly published build.
 */
export function sessionSecret(cfg: Pick<DirectusConfig, 'secret'>, c = config()): string {
  return c.values.ODP_SESSION_SECRET ?? createHmac('sha256', cfg.secret).update('odp-workspace-session').digest('base64url');
}

/** What the CMS hook (cms/extensions/odp-catalog) reads inside Directus's process. */
export interface CmsHookConfig {
  /** The portal's files the personal-data guard scans. */
  publicDir: string;
  /** Editors' uploads (`/data/<dataset>/<file>` of drafts), scanned too. */
  uploadsDir: string;
  piiPatterns: string;
  /** The portal's own origins (links to them are files under publicDir). */
  portalOrigins: string[];
  /** The largest file profiled when an entry is sent for review: the upload limit, as the workspace's check page. */
  uploadMaxBytes: number;
  /** Undefined: the table shipped with the schema. */
  holidaysFile: string | undefined;
  /** The pipeline's publish endpoint; undefined: changes show at the next build. */
  publish: { url: string; secret: string } | undefined;
  /** Meilisearch for the live index; undefined: search follows at the next build. */
  liveIndex: { url: string; key: string; index: string } | undefined;
}

export function cmsHookConfig(c = config()): CmsHookConfig {
  const v = c.values;
  const p = paths(c);
  return {
    publicDir: p.publicDir,
    uploadsDir: p.uploadsDir,
    piiPatterns: p.piiPatterns,
    portalOrigins: portalOrigins(c),
    uploadMaxBytes: v.ODP_UPLOAD_MAX_BYTES,
    holidaysFile: p.holidaysFile,
    publish: v.ODP_PUBLISH_URL && v.ODP_PUBLISH_SECRET ? { url: v.ODP_PUBLISH_URL, secret: v.ODP_PUBLISH_SECRET } : undefined,
    liveIndex: v.ODP_MEILI_URL && v.ODP_MEILI_INDEX_KEY ? { url: v.ODP_MEILI_URL, key: v.ODP_MEILI_INDEX_KEY, index: v.ODP_SEARCH_INDEX } : undefined,
  };
}

// ——— search (Meilisearch) ———

export interface SearchConfig {
  /** Where the portal's server talks to Meilisearch. */
  url: string;
  host: string;
  port: number;
  /** Where browsers reach Meilisearch (behind the city's proxy in production). */
  publicUrl: string;
  masterKey: string;
  masterKeySource: 'env' | 'generated';
  dataDir: string;
  logLevel: string;
  /** Name of the live datasets index. */
  index: string;
  /** The other indexes of the one search box: services, agencies, code-list values. */
  others: { service: string; agency: string; code: string };
}

const otherIndexes = { service: 'services', agency: 'agencies', code: 'code_list_entries' };

/** Where Meilisearch runs and with which keys. The master key never leaves the server side; browsers get the search-only key. */
export function searchConfig(overrides: Partial<{ port: number; dataDir: string; index: string }> = {}): SearchConfig {
  const c = config();
  const v = c.values;
  const host = v.MEILI_HOST;
  const port = overrides.port ?? v.MEILI_PORT;
  // A port given by the caller (tests, benchmark) is a Meilisearch of its own: the operator's addresses do not apply.
  const url = v.MEILI_URL && !overrides.port ? v.MEILI_URL : `http://${host}:${port}`;
  return {
    url,
    host,
    port,
    publicUrl: v.MEILI_PUBLIC_URL && !overrides.port ? v.MEILI_PUBLIC_URL : url,
    masterKey: v.MEILI_MASTER_KEY ?? localSecrets().meiliMasterKey,
    masterKeySource: v.MEILI_MASTER_KEY ? 'env' : 'generated',
    dataDir: overrides.dataDir ?? paths(c).meiliDir,
    logLevel: v.MEILI_LOG_LEVEL,
    index: overrides.index ?? v.ODP_SEARCH_INDEX,
    others: { ...otherIndexes },
  };
}

// ——— portal, portal server, rate limits ———

export interface SiteConfig {
  host: string;
  port: number;
  /** The publish endpoint of `npm start` (127.0.0.1 only). */
  publishPort: number;
  /** The two internal ports the portal servers of the live and the next build alternate on. */
  backendPorts: [number, number];
  outDir: string;
  snapshotFile: string;
  logFile: string;
}

/**
 * The portal's own origins: links to them are the portal's files (`public/`), which the personal-data
 * guard and the profiles read from disk; otherwise such a link would escape the scan.
 */
export function portalOrigins(c = config()): string[] {
  const v = c.values;
  if (v.ODP_PORTAL_ORIGINS)
    return v.ODP_PORTAL_ORIGINS.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const local = ['127.0.0.1', '0.0.0.0', 'localhost', '::', '::1'].includes(v.HOST);
  const hosts = local ? ['127.0.0.1', 'localhost'] : [v.HOST.includes(':') ? `[${v.HOST}]` : v.HOST];
  return [...new Set([new URL(v.ODP_SITE_URL).origin, ...hosts.map((h) => `http://${h}:${v.PORT}`)])];
}

/** Where `npm start` serves the portal and keeps its build. */
export function siteConfig(c = config()): SiteConfig {
  const p = paths(c);
  const port = c.values.PORT;
  return { host: c.values.HOST, port, publishPort: port + 1, backendPorts: [port + 2, port + 3], outDir: p.siteOutDir, snapshotFile: p.snapshotFile, logFile: p.siteLogFile };
}

/** The request form of the portal server: where the CMS is, the intake token (may only create requests), the form secret. */
export interface RequestFormConfig {
  directusUrl: string;
  token: string;
  formSecret: string;
}

export interface PortalServerConfig {
  host: string;
  port: number;
  trustProxy: boolean;
  snapshotFile: string;
  /** The log of views and downloads; undefined when counting is off. */
  usageFile: string | undefined;
  /** Meilisearch as browsers reach it, for the Content-Security-Policy. */
  searchPublicUrl: string | undefined;
  /** Search with the search-only key; undefined: not configured (the search page says so). */
  search: { url: string; publicUrl: string; key: string; index: string; others: { service: string; agency: string; code: string } } | undefined;
  /** The request form; undefined: the form is off. */
  requests: RequestFormConfig | undefined;
  /** The agencies' publishing workspace; undefined: it is off. */
  workspace: WorkspaceConfig | undefined;
  /** The live portal: the renderer build beside the static one, and the secret of the publisher's switch. */
  live: { rendererDir: string; secret: string } | undefined;
}

/** The Data API of the portal server: where the Parquet files are, and each query's limits. */
export function dataApiConfig(c = config()): { dir: string; timeoutMs: number; memoryMb: number } {
  return { dir: paths(c).dataApiDir, timeoutMs: c.values.ODP_DATA_API_TIMEOUT_MS, memoryMb: c.values.ODP_DATA_API_MEMORY_MB };
}

/** The portal server (site/serve.ts and its routes), as the pipeline or the operator started it. */
export function portalServerConfig(c = config()): PortalServerConfig {
  const v = c.values;
  const snapshotFile = paths(c).snapshotFile;
  return {
    host: v.HOST,
    port: v.PORT,
    trustProxy: v.ODP_TRUST_PROXY,
    snapshotFile,
    usageFile: v.ODP_USAGE ? usageFileFor(snapshotFile, c) : undefined,
    searchPublicUrl: v.MEILI_PUBLIC_URL ?? v.MEILI_URL,
    search:
      v.MEILI_URL && v.MEILI_SEARCH_KEY
        ? { url: v.MEILI_URL, publicUrl: v.MEILI_PUBLIC_URL ?? v.MEILI_URL, key: v.MEILI_SEARCH_KEY, index: v.ODP_SEARCH_INDEX, others: { ...otherIndexes } }
        : undefined,
    requests: v.ODP_DIRECTUS_URL && v.ODP_REQUESTS_TOKEN && v.ODP_FORM_SECRET ? { directusUrl: v.ODP_DIRECTUS_URL, token: v.ODP_REQUESTS_TOKEN, formSecret: v.ODP_FORM_SECRET } : undefined,
    workspace: workspaceConfig(c),
    live: v.ODP_RENDERER_DIR && v.ODP_LIVE_SECRET ? { rendererDir: v.ODP_RENDERER_DIR, secret: v.ODP_LIVE_SECRET } : undefined,
  };
}

/** The agencies' publishing workspace of the portal server (`/publish/`). */
export interface WorkspaceConfig {
  /** Where the portal server signs editors in and sends their reads and writes, with their own tokens. */
  directusUrl: string;
  /** Seals the session cookie and signs CSRF tokens. */
  sessionSecret: string;
  /** Uploaded files, kept out of the public folder until a reviewer publishes them. */
  uploadsDir: string;
  uploadMaxBytes: number;
  /** Failed sign-ins allowed per window, per account and per client address. */
  signin: { accountAttempts: number; clientAttempts: number; windowMs: number };
  /** Client address and HTTPS from the proxy's X-Forwarded-* headers. */
  trustProxy: boolean;
}

/** Undefined unless the portal server was given where the CMS is and the session secret. */
export function workspaceConfig(c = config()): WorkspaceConfig | undefined {
  const v = c.values;
  if (!v.ODP_DIRECTUS_URL || !v.ODP_SESSION_SECRET) return undefined;
  return {
    directusUrl: v.ODP_DIRECTUS_URL,
    sessionSecret: v.ODP_SESSION_SECRET,
    uploadsDir: paths(c).uploadsDir,
    uploadMaxBytes: v.ODP_UPLOAD_MAX_BYTES,
    // A whole office often reaches the portal from one address: it gets room for several people's typos.
    signin: { accountAttempts: v.ODP_SIGNIN_ATTEMPTS, clientAttempts: v.ODP_SIGNIN_ATTEMPTS * 4, windowMs: v.ODP_SIGNIN_WINDOW_S * 1000 },
    trustProxy: v.ODP_TRUST_PROXY,
  };
}

/** The variables of this process the pipeline passes on to the portal servers it starts. */
export const portalServerPassedOn: readonly SettingName[] = [
  'ODP_RATE_LIMIT',
  'ODP_RATE_LIMIT_READ',
  'ODP_RATE_LIMIT_WRITE',
  'ODP_RATE_LIMIT_WINDOW_S',
  'ODP_RATE_LIMIT_CLIENTS',
  'ODP_RATE_LIMIT_WORKSPACE',
  'ODP_TRUST_PROXY',
  'ODP_USAGE',
  'ODP_USAGE_FILE',
  'ODP_UPLOAD_MAX_BYTES',
  'ODP_SIGNIN_ATTEMPTS',
  'ODP_SIGNIN_WINDOW_S',
  // The workspace checks uploads as the CMS hook and the build do: the same patterns and public files.
  'ODP_PII_PATTERNS',
  'ODP_PUBLIC_DIR',
  'ODP_PROFILE_MAX_BYTES',
  'ODP_DATA_API_DIR',
  'ODP_DATA_API_TIMEOUT_MS',
  'ODP_DATA_API_MEMORY_MB',
  // The renderer answers the DCAT-AP catalog pages as the full build writes them.
  'ODP_CATALOG_PAGE_SIZE',
];

export interface RateRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitConfig {
  /** Reading requests (GET, HEAD) per client. */
  read: RateRule;
  /** Writing requests (POST and the rest: forms, CKAN POST) per client, stricter. */
  write: RateRule;
  /** Writing requests of signed-in editors (under /publish/), counted apart from `write`. */
  workspace: RateRule;
  maxClients: number;
  /** Take the client address from X-Forwarded-For (the portal is behind a proxy the operator runs). */
  trustProxy: boolean;
  enabled: boolean;
}

export function rateLimits(c = config()): RateLimitConfig {
  const v = c.values;
  const windowMs = v.ODP_RATE_LIMIT_WINDOW_S * 1000;
  return {
    read: { limit: v.ODP_RATE_LIMIT_READ, windowMs },
    write: { limit: v.ODP_RATE_LIMIT_WRITE, windowMs },
    workspace: { limit: v.ODP_RATE_LIMIT_WORKSPACE, windowMs },
    maxClients: v.ODP_RATE_LIMIT_CLIENTS,
    trustProxy: v.ODP_TRUST_PROXY,
    enabled: v.ODP_RATE_LIMIT,
  };
}

// ——— build, health monitor ———

export interface BuildConfig {
  /** The portal's public address without a trailing slash: the base of every IRI. */
  siteUrl: string;
  outDir: string;
  snapshotFile: string;
  publicDir: string;
  /** The portal's own origins: links to them are profiled from disk. */
  portalOrigins: string[];
  profileCacheDir: string;
  astroCacheDir: string;
  profileMaxBytes: number;
  checkLinks: boolean;
  catalogPageSize: number;
  /** `on-demand`: every catalog page is a server route (the incremental publisher's renderer); `static`: prerendered. */
  render: 'static' | 'on-demand';
}

export function buildConfig(c = config()): BuildConfig {
  const v = c.values;
  const p = paths(c);
  return {
    siteUrl: v.ODP_SITE_URL.replace(/\/+$/, ''),
    outDir: p.siteOutDir,
    snapshotFile: p.snapshotFile,
    publicDir: p.publicDir,
    portalOrigins: portalOrigins(c),
    profileCacheDir: p.profileCacheDir,
    astroCacheDir: p.astroCacheDir,
    profileMaxBytes: v.ODP_PROFILE_MAX_BYTES,
    checkLinks: v.ODP_CHECK_LINKS,
    catalogPageSize: v.ODP_CATALOG_PAGE_SIZE,
    render: v.ODP_RENDER,
  };
}

/** ODP_FETCH_ALLOW: what platform/safe-fetch.ts may call although it is not public. */
export function fetchAllowList(c = config()): AllowList {
  return c.values.ODP_FETCH_ALLOW ?? [];
}

/** How `npm start` restarts a service that stopped on its own: the first wait (platform/service-process.ts has the rest of the policy). */
export function restartConfig(c = config()): { firstDelayMs: number } {
  return { firstDelayMs: c.values.ODP_RESTART_DELAY * 1000 };
}

/** The scheduled health monitor: 0 ms between passes turns it off. */
export function healthConfig(c = config()): { intervalMs: number; timeoutMs: number } {
  return { intervalMs: c.values.ODP_HEALTH_INTERVAL * 1000, timeoutMs: c.values.ODP_HEALTH_TIMEOUT * 1000 };
}

// ——— tests and benchmark ———

export interface TestConfig {
  chromiumPath: string;
  portOffset: number;
  /** Missing services fail the tests instead of skipping them. */
  ci: boolean;
  forceColor: string;
}

export function testConfig(c = config()): TestConfig {
  const v = c.values;
  const ci = /^(true|1)$/i.test(v.CI ?? '');
  return { chromiumPath: v.CHROMIUM_PATH, portOffset: v.ODP_TEST_PORT_OFFSET, ci, forceColor: v.FORCE_COLOR ?? (ci ? '0' : '1') };
}

/**
 * A port for a test service: `base` plus ODP_TEST_PORT_OFFSET, so that two checkouts on one machine
 * can run their test suites at the same time without their services colliding.
 */
export function testPort(base: number): number {
  return base + testConfig().portOffset;
}

/** The benchmark's own ports (to run beside `npm start` and the tests), unless the operator set them. */
export function benchPorts(c = config()): { directus: number; meili: number; site: number } {
  const v = c.values;
  return { directus: c.given.DIRECTUS_PORT ? v.DIRECTUS_PORT : 8090, meili: c.given.MEILI_PORT ? v.MEILI_PORT : 7790, site: c.given.PORT ? v.PORT : 4390 };
}
