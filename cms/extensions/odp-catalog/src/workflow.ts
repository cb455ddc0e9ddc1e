// Publishing workflow of datasets and data services: draft → submitted → approved → published →
// withdrawn, and back. A step outside it is refused with HTTP 400 (WORKFLOW_TRANSITION); sending an
// entry back without the reviewer's comments too (REVIEW_NOTE_REQUIRED). The steps are in
// cms/src/access-rules.ts; README, "Governance: workflow, publish to live, personal-data guard, dashboard".
import type { PrimaryKey } from '@directus/types';
import { collectionOf, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { transitionDenial } from '../../../src/access-rules.ts';
import type { CatalogHook, Item } from './catalog-hook.ts';
import { workflowError } from './errors.ts';

/** The entries that go through review before the public sees them. */
const reviewed: readonly EntityName[] = ['Dataset', 'DataService'];

export function registerWorkflow(hook: CatalogHook): void {
  for (const entity of reviewed) {
    const collection = collectionOf(entity);

    hook.filter<Item>(`${collection}.items.create`, async (payload, _meta, context) => {
      const step = transitionDenial(await hook.actorOf(context), undefined, payload);
      if (step) throw workflowError(step);
      return payload;
    });

    hook.filter<Item>(`${collection}.items.update`, async (payload, meta, context) => {
      const actor = await hook.actorOf(context);
      for (const before of await hook.storedItems(collection, (meta.keys as PrimaryKey[] | undefined) ?? [], context)) {
        const step = transitionDenial(actor, before, { ...before, ...payload });
        if (step) throw workflowError(step);
      }
      return payload;
    });
  }
}
