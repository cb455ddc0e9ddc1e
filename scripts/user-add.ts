// `npm run user:add -- --email a@b.vn --agency so-khcn --role editor|reviewer [--name "…"] [--password …]`
// Creates a person who signs in (or gives an existing one the role and agency asked for) in the
// running CMS (npm start). Editors are API-only: they publish on the portal at /publish/ and take no
// Data Studio seat. Without --password a new user gets a generated one, printed once here.
// Exit codes: 0 done, 1 the CMS could not be reached or refused, 2 bad arguments (unknown agency or role).
import { parseArgs } from 'node:util';
import { buildConfig, directusConfig } from '../platform/config.ts';
import { signIn } from '../cms/src/client.ts';
import { AccountInputError, checkAccountInput, ensureAccount } from '../cms/src/users.ts';

const usage =
  'Cách dùng / usage: npm run user:add -- --email <email> --role editor|reviewer [--agency <agency id>] [--name "<họ tên / full name>"] [--password <password>]\n' +
  '  editor: biên tập viên cơ quan, cần --agency / an agency editor, needs --agency\n' +
  '  reviewer: cán bộ thẩm định (dùng Data Studio, tối đa 2 trên gói Core) / a reviewer (uses the Data Studio, at most 2 on the Core plan)';

function fail(code: number, message: string): never {
  console.error(`✗ ${message}`);
  process.exit(code);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: { email: { type: 'string' }, agency: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  }) as { values: Record<string, string | undefined> });
} catch (err) {
  fail(2, `${(err as Error).message}\n${usage}`);
}

const cfg = directusConfig();
try {
  const input = checkAccountInput({ email: values.email, role: values.role, agency: values.agency, password: values.password });
  const cms = await signIn(cfg.url, cfg.adminEmail, cfg.adminPassword).catch((err: unknown) => {
    throw new Error(`Không kết nối được CMS / cannot sign in to the CMS at ${cfg.url} (${(err as Error).message}); khởi động bằng / start it with npm start`);
  });
  const r = await ensureAccount(cms, { ...input, ...(values.name ? { name: values.name.normalize('NFC') } : {}) });
  const what = r.created ? 'đã tạo / created' : r.changed.length ? `đã cập nhật / updated (${r.changed.join(', ')})` : 'không đổi / unchanged';
  console.log(`✓ ${r.email} (${input.role}${input.agency ? `, ${input.agency}` : ''}): ${what}`);
  if (r.generatedPassword) {
    console.log(`  Mật khẩu / password: ${r.generatedPassword}`);
    console.log('  (chỉ hiện lần này; hãy gửi cho người dùng qua kênh an toàn / shown only now; give it to the person over a safe channel)');
  }
  console.log(input.role === 'editor' ? `  Đăng nhập tại / signs in at: ${buildConfig().siteUrl}/publish/` : `  Đăng nhập Data Studio tại / signs in to the Data Studio at: ${cfg.url}/admin`);
} catch (err) {
  if (err instanceof AccountInputError) fail(2, `${err.message_vi}\n  ${err.message_en}`);
  fail(1, (err as Error).message);
}
