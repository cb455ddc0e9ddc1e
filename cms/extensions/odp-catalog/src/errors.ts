// The errors the catalog hook refuses a request with, one per code. Directus answers a thrown
// DirectusError with its status and `{ message, extensions: { code, ... } }`; the portal and the
// integration tests read `errors[0].extensions.code` and the fields of `extensions`. Messages are
// Vietnamese, then English. The codes are those of README, "Governance: workflow, publish to live,
// personal-data guard, dashboard".
import { createError, ForbiddenError as DirectusForbiddenError } from '@directus/errors';
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import { describePiiReport, type PiiReport } from '../../../../domain/pii-scan.ts';
import type { ConnectionDenial, Denial, WorkflowDenial } from '../../../src/access-rules.ts';

/** Why a request was refused, in both languages (cms/src/access-rules.ts). */
export interface Reason {
  reason_vi: string;
  reason_en: string;
}

const reasonMessage = (r: Reason) => `${r.reason_vi} / ${r.reason_en}`;

export const reasonOf = (d: Denial): Reason => ({ reason_vi: d.vi, reason_en: d.en });

/** The item does not match the catalog schema: `errors` names each field (catalog-schema/src/errors.ts). */
export const CatalogValidationError = createError<{ collection: string; errors: FieldError[] }>(
  'CATALOG_VALIDATION_FAILED',
  (e) => 'Dữ liệu không hợp lệ / Invalid data: ' + e.errors.map((x) => `${x.field || '(bản ghi)'}: ${x.message_vi} / ${x.message_en}`).join('; '),
  400,
);

/** The writer may not make this change (README, "Directus plan"). */
export const ForbiddenError = createError<Reason>('FORBIDDEN', reasonMessage, 403);

/**
 * Directus's own answer to a request on an item that does not exist (its validateAccess, word for
 * word). An item the requester may not read gets the very same answer, so a refusal never tells that
 * a hidden entry exists.
 */
export function noSuchItemError(action: 'read' | 'update' | 'delete', collection: string, fields: readonly string[] = []): InstanceType<typeof DirectusForbiddenError> {
  const reason = fields.length
    ? `You don't have permissions to perform "${action}" for the field(s) ${fields.map((f) => `"${f}"`).join(', ')} in collection "${collection}" or it does not exist.`
    : `You don't have permission to perform "${action}" for collection "${collection}" or it does not exist.`;
  return new DirectusForbiddenError({ reason });
}

/** A status step outside the publishing workflow. */
export const WorkflowTransitionError = createError<Reason>('WORKFLOW_TRANSITION', reasonMessage, 400);

/** An entry sent back without the reviewer's comments. */
export const ReviewNoteRequiredError = createError<Reason>('REVIEW_NOTE_REQUIRED', reasonMessage, 400);

/** Files of an open dataset hold personal data: where, and the values masked (domain/pii-scan.ts). */
export const PersonalDataError = createError<Pick<PiiReport, 'hits' | 'truncated'>>(
  'PERSONAL_DATA_FOUND',
  // The message names the hits only; the files that could not be read are not part of the refusal.
  (e) => describePiiReport({ hits: e.hits, truncated: e.truncated, notScanned: [], scanned: 0 }),
  400,
);

const workflowErrors = { WORKFLOW_TRANSITION: WorkflowTransitionError, REVIEW_NOTE_REQUIRED: ReviewNoteRequiredError } satisfies Record<WorkflowDenial['code'], unknown>;

export function workflowError(d: WorkflowDenial): InstanceType<(typeof workflowErrors)[WorkflowDenial['code']]> {
  return new workflowErrors[d.code](reasonOf(d));
}

/** Why a change to a connection request was refused, and what it is about (a field, or `steps.<i>`). */
interface ConnectionReason extends Reason {
  field: string;
}

// Who may act is a 403 (the step or the request is another agency's); what the steps allow, a 400.
const connectionErrors = {
  CONNECTION_REQUESTER_ONLY: createError<ConnectionReason>('CONNECTION_REQUESTER_ONLY', reasonMessage, 403),
  CONNECTION_STEP_OWNER: createError<ConnectionReason>('CONNECTION_STEP_OWNER', reasonMessage, 403),
  CONNECTION_FIXED: createError<ConnectionReason>('CONNECTION_FIXED', reasonMessage, 400),
  CONNECTION_NEED_LOCKED: createError<ConnectionReason>('CONNECTION_NEED_LOCKED', reasonMessage, 400),
  CONNECTION_STEP_ORDER: createError<ConnectionReason>('CONNECTION_STEP_ORDER', reasonMessage, 400),
} satisfies Record<ConnectionDenial['code'], unknown>;

/** A connection request's steps refuse the change (cms/src/access-rules.ts, connectionDenial). */
export function connectionError(d: ConnectionDenial): InstanceType<(typeof connectionErrors)[ConnectionDenial['code']]> {
  return new connectionErrors[d.code]({ ...reasonOf(d), field: d.field });
}
