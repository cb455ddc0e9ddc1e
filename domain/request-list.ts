// The public list of requests: what citizens asked and how agencies answered. Built from the
// snapshot; it never holds the requester's name, organisation, e-mail or the request's free text
// (people write phone numbers and addresses there), only the title, kind, subject and the answer.
import type { PublicRequest } from '../catalog-schema/generated/types.ts';
import { vocabulary } from '../catalog-schema/src/schemas.ts';
import snapshotSchema from '../catalog-schema/schemas/snapshot.schema.json' with { type: 'json' };

export type { PublicRequest } from '../catalog-schema/generated/types.ts';

/** The fields of a request that may be published (the snapshot schema's PublicRequest); the build reads only these from the CMS. */
export const publicRequestFields = Object.keys(snapshotSchema.$defs.PublicRequest.properties) as (keyof PublicRequest)[];

/** Keeps only the public fields of a stored request (unset ones dropped). */
export function toPublicRequest(row: Record<string, unknown>): PublicRequest {
  const out: Record<string, unknown> = {};
  for (const f of publicRequestFields) if (row[f] !== null && row[f] !== undefined && row[f] !== '') out[f] = row[f];
  return out as unknown as PublicRequest;
}

export const requestStatuses = Object.keys(vocabulary('RequestStatus')) as PublicRequest['status'][];
export const requestKinds = Object.keys(vocabulary('RequestKind')) as PublicRequest['kind'][];

/** Requests by kind and status: the dashboard's "requests and their outcomes" table. */
export function requestOutcomes(requests: readonly PublicRequest[]): { kind: PublicRequest['kind']; counts: number[] }[] {
  return requestKinds.map((kind) => ({ kind, counts: requestStatuses.map((s) => requests.filter((r) => r.kind === kind && r.status === s).length) }));
}
