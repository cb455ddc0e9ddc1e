// Server route: the inline check of the dataset form (with JavaScript). The same checks as a save,
// nothing written; answers the errors by input name.
import type { APIRoute } from 'astro';
import { langOfParam } from '../../../../lib/i18n.ts';
import { readDataset, validateDatasetForm } from '../../../../lib/workspace/dataset-form.ts';
import { requirePost } from '../../../../lib/workspace/session.ts';

export const prerender = false;

export const POST: APIRoute = async (ctx) => {
  if (!langOfParam(ctx.params.lang)) return new Response(null, { status: 404 });
  const data = await ctx.request.formData();
  const check = await requirePost(ctx, data);
  if (!check.ok) return Response.json({ error: check.message }, { status: check.status });
  // The dataset being edited, named by the form's address (…/datasets/<id>/).
  const id = /\/datasets\/([^/]+)\/?$/.exec(new URL(ctx.request.headers.get('referer') ?? ctx.url.href).pathname)?.[1];
  const stored = id && id !== 'new' ? await readDataset(check.session, decodeURIComponent(id)) : undefined;
  return Response.json({ errors: validateDatasetForm(check.session, data, stored) });
};
