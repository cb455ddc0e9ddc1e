// Server route: signing out of the workspace (/publish/sign-out, /en/publish/sign-out). POST only,
// with the session's CSRF token, so that another site cannot sign an editor out; then back to the
// workspace's home (the sign-in form).
import type { APIRoute } from 'astro';
import { langOfParam } from '../../../lib/i18n.ts';
import { requirePost, signOut, workspaceHome } from '../../../lib/workspace/session.ts';

export const prerender = false;

const home = (url: URL) => new Response(null, { status: 303, headers: { Location: workspaceHome(url), 'Cache-Control': 'no-store' } });

export const POST: APIRoute = async (ctx) => {
  if (!langOfParam(ctx.params.lang)) return new Response(null, { status: 404 });
  const check = await requirePost(ctx, await ctx.request.formData().catch(() => new FormData()));
  // No session left (expired, or signed out in another tab): there is nothing to end.
  if (!check.ok && check.status === 401) return home(ctx.url);
  if (!check.ok) return new Response(`${check.message.vi}\n${check.message.en}\n`, { status: check.status, headers: { 'Content-Type': 'text/plain;charset=utf-8' } });
  await signOut(ctx);
  return home(ctx.url);
};

export const GET: APIRoute = ({ params }) => (langOfParam(params.lang) ? new Response(null, { status: 405, headers: { Allow: 'POST' } }) : new Response(null, { status: 404 }));
