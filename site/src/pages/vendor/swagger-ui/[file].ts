// Swagger UI's own files (swagger-ui-dist), served by the portal itself: no CDN, and the
// Content-Security-Policy keeps scripts and styles to the portal's origin.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { APIRoute } from 'astro';

const files: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'LICENSE.txt': 'text/plain; charset=utf-8',
};
const dir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export const getStaticPaths = () => Object.keys(files).map((file) => ({ params: { file } }));

export const GET: APIRoute = ({ params }) => {
  const file = params.file!;
  if (!Object.hasOwn(files, file)) return new Response(null, { status: 404 });
  const body = readFileSync(path.join(dir, file === 'LICENSE.txt' ? 'LICENSE' : file));
  return new Response(body, { headers: { 'Content-Type': files[file]! } });
};
