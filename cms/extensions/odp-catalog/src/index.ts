// The catalog's Directus hook, one module per concern; this file only puts them together. Filters of
// one event run in the order registered here: who may write, then the workflow, then validation
// (which gives the payload stored), then what the workflow records of a submission (when, and the
// quality score then), then the personal-data scan of what would go out, and last what publish to
// live remembers of the entry before the change. Bulk export and import are guarded before
// Directus's routes. Built into dist/ by cms/src/build-extensions.ts; README, "Architecture".
import { defineHook } from '@directus/extensions';
import { registerBulkRouteGuard } from './bulk-routes.ts';
import { catalogHook } from './catalog-hook.ts';
import { hookEnv } from './env.ts';
import { registerLiveIndex } from './live-index.ts';
import { registerPersonalDataGuard } from './personal-data.ts';
import { registerPublishToLive } from './publish-live.ts';
import { registerReadRules } from './read-rules.ts';
import { registerSubmissionStamp } from './submission.ts';
import { registerValidation } from './validation.ts';
import { registerWorkflow } from './workflow.ts';
import { registerWriteRules } from './write-rules.ts';

export default defineHook((register, directus) => {
  const env = hookEnv();
  const hook = catalogHook(register, directus);
  registerBulkRouteGuard(register.init, hook);
  registerReadRules(hook);
  registerWriteRules(hook);
  registerWorkflow(hook);
  registerValidation(hook);
  registerSubmissionStamp(hook, env);
  registerPersonalDataGuard(hook, env);
  if (env.publish) registerPublishToLive(hook, env.publish);
  if (env.searchIndex) registerLiveIndex(hook, env.searchIndex);
});
