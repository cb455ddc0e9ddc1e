// The Data API benchmark's server, in a process of its own so its memory is measured alone: the
// route of /api/data/<dataset>/<distribution> (site/src/lib/data-route.ts) and its engine over the
// benchmark's data folder, behind a plain node:http server (no Astro build needed to measure it).
//
//   node scripts/bench/data-api-server.ts <data dir> <port> <snapshot.json>
import http from 'node:http';
import { DataEngine } from '../../site/src/lib/data-api.ts';
import { dataApiResponse } from '../../site/src/lib/data-route.ts';
import { buildPortal } from '../../site/src/lib/portal.ts';
import { readSnapshot } from '../../domain/snapshot.ts';

const [dir, portText, snapshotFile] = process.argv.slice(2);
const portal = buildPortal(readSnapshot(snapshotFile!));
const engine = await DataEngine.open({ dir: dir!, timeoutMs: 5000, memoryMb: 512, connections: 2 });
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const m = /^\/api\/data\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  void dataApiResponse(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), url, { portal: () => portal, data: () => Promise.resolve(engine) }).then(async (r) => {
    res.writeHead(r.status, Object.fromEntries(r.headers));
    res.end(Buffer.from(await r.arrayBuffer()));
  });
});
server.listen(Number(portText), '127.0.0.1', () => console.log('ready'));
