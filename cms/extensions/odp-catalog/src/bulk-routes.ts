// Bulk export and import (`/utils/export/<collection>`, `/utils/import/<collection>`, `/utils/import`)
// are for the coordinating department and administrators only: anyone else is refused with HTTP 403
// before Directus starts the job. Directus answered an anonymous export with 204 and ran it in the
// background, and an import writes many items in one request. Reads of items stay narrowed by the
// read rules whatever route asks (read-rules.ts). README, "Directus plan".
import type { Accountability, EventContext, RegisterFunctions } from '@directus/types';
import type { Application, NextFunction, Request, Response } from 'express';
import { queryDenials } from '../../../src/access-rules.ts';
import type { CatalogHook } from './catalog-hook.ts';
import { ForbiddenError, reasonOf } from './errors.ts';

/** The paths of the bulk routes; Express matches routes without regard to case. */
export const bulkRoute = /^\/utils\/(export|import)(\/|$)/i;

export function registerBulkRouteGuard(init: RegisterFunctions['init'], hook: CatalogHook): void {
  // After Directus's own middlewares (the requester is known: req.accountability), before its routes.
  init('middlewares.after', (meta) => {
    (meta.app as Application).use((req: Request & { accountability?: Accountability | null }, _res: Response, next: NextFunction) => {
      if (!bulkRoute.test(req.path)) return next();
      // Every request has an accountability by now (the public's has no user); none is refused too.
      const context = { accountability: req.accountability ?? { user: null, role: null, roles: [], admin: false, app: false, ip: null } } as unknown as EventContext;
      hook
        .actorOf(context)
        .then((actor) => next(actor.kind === 'admin' || actor.kind === 'reviewer' ? undefined : new ForbiddenError(reasonOf(queryDenials.bulk))))
        .catch(next);
    });
  });
}
