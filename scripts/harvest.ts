// `npm run harvest -- <file or URL> --agency <id> [--ckan] [--keep-publisher] [--dry-run] [--context URL=FILE]`
// Imports a DCAT-AP catalog (Turtle, JSON-LD, RDF/XML) or a CKAN portal into the CMS as drafts of an
// agency, through the CMS's own validation. Needs the CMS running (npm start).
import { readFileSync } from 'node:fs';
import { directusConfig } from '../platform/config.ts';
import { signIn } from '../cms/src/client.ts';
import { harvest } from '../pipeline/harvest/harvest.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const values = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]!] : []));
const source = args.find((a, i) => !a.startsWith('--') && !['--agency', '--context'].includes(args[i - 1] ?? ''));
const agency = values('--agency')[0];
if (!source || !agency) {
  console.error(`Cách dùng / usage: npm run harvest -- <file or URL> --agency <agency id> [--ckan] [--keep-publisher] [--dry-run] [--context URL=FILE]
  e.g. npm run harvest -- https://old-portal.example.gov.vn --ckan --agency so-khcn
       npm run harvest -- catalog.ttl --agency so-xay-dung --dry-run`);
  process.exit(2);
}
const contexts: Record<string, unknown> = {};
for (const c of values('--context')) {
  const at = c.indexOf('=');
  if (at < 0) {
    console.error(`✗ --context cần dạng URL=FILE / --context takes URL=FILE (got "${c}")`);
    process.exit(2);
  }
  contexts[c.slice(0, at)] = JSON.parse(readFileSync(c.slice(at + 1), 'utf8')) as unknown;
}

const t = Date.now();
const cfg = directusConfig();
try {
  const cms = await signIn(cfg.url, cfg.adminEmail, cfg.adminPassword).catch((err: unknown) => {
    throw new Error(`Không kết nối được CMS / cannot sign in to the CMS at ${cfg.url} (${(err as Error).message}); khởi động bằng / start it with npm start`);
  });
  const r = await harvest(cms, { source, agency, ckan: flag('--ckan'), keepPublisher: flag('--keep-publisher'), dryRun: flag('--dry-run'), contexts, log: (m) => console.log(m) });
  console.log(`\n${flag('--dry-run') ? '(thử, không ghi / dry run, nothing written) ' : ''}${r.kind} ${r.source} → ${agency}, ${((Date.now() - t) / 1000).toFixed(1)} s`);
  console.log(`  tạo mới / created: ${r.created.length}   cập nhật / updated: ${r.updated.length}   không đổi / skipped: ${r.skipped.length}   từ chối / rejected: ${r.rejected.length}`);
  for (const l of [...r.created, ...r.updated]) for (const n of l.notes) console.log(`  ! ${l.id}: ${n}`);
  for (const x of r.rejected) console.log(`  ✗ ${x.identifier}: ${x.reasons.join('; ')}`);
  process.exit(r.rejected.length ? 3 : 0);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
