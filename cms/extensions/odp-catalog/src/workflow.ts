// Publishing workflow of datasets and data services: draft → submitted → approved → published →
// withdrawn, and back. A step outside it is refused with HTTP 400 (WORKFLOW_TRANSITION); sending an
// entry back without the reviewer's comments too (REVIEW_NOTE_REQUIRED). A dataset's distributions
// are part of its page: editors add, change or remove them only while the dataset is with the agency
// (WORKFLOW_TRANSITION otherwise). The steps are in cms/src/access-rules.ts; README, "Governance:
// workflow, publish to live, personal-data guard, dashboard".
import type { EventContext, PrimaryKey } from '@directus/types';
import { collectionOf, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { distributionDenial, transitionDenial, type Actor } from '../../../src/access-rules.ts';
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

  // Read in the request's transaction: a dataset taken back to draft in the same request (a nested
  // change of its distributions) counts as a draft.
  const datasetStatus = async (context: EventContext, id: unknown): Promise<unknown> =>
    typeof id === 'string' ? (await hook.databaseOf(context)<Item>('datasets').where('id', id).first('status'))?.status : undefined;
  const refuseOutsideWorkflow = async (actor: Actor, context: EventContext, datasetIds: unknown[]) => {
    if (actor.kind !== 'editor') return;
    for (const id of new Set(datasetIds)) {
      const step = distributionDenial(actor, await datasetStatus(context, id));
      if (step) throw workflowError(step);
    }
  };

  hook.filter<Item>('distributions.items.create', async (payload, _meta, context) => {
    await refuseOutsideWorkflow(await hook.actorOf(context), context, [payload.dataset]);
    return payload;
  });

  hook.filter<Item>('distributions.items.update', async (payload, meta, context) => {
    const actor = await hook.actorOf(context);
    for (const before of await hook.storedItems('distributions', (meta.keys as PrimaryKey[] | undefined) ?? [], context)) {
      await refuseOutsideWorkflow(actor, context, [before.dataset, 'dataset' in payload ? payload.dataset : before.dataset]);
    }
    return payload;
  });

  hook.filter<PrimaryKey[]>('distributions.items.delete', async (keys, _meta, context) => {
    const actor = await hook.actorOf(context);
    for (const before of await hook.storedItems('distributions', keys, context)) await refuseOutsideWorkflow(actor, context, [before.dataset]);
    return keys;
  });
}
