// The five steps of a data connection between two agencies (Lào Cai regulation on data sharing,
// art. 12): the requesting agency states its need (purpose, scope, method, frequency); the providing
// agency appraises it, then sets the connection up and grants access; the requesting agency tests
// and accepts it with the provider; the providing agency operates it. Who does which step, the steps
// a new request starts with, where a request stands and which steps an agency may act on are decided
// here once, for the CMS hook's rules, the workspace and the dashboard's counts.
import type { ConnectionRequest, ConnectionStep, StepState } from '../catalog-schema/generated/types.ts';

export type { ConnectionStep, StepState } from '../catalog-schema/generated/types.ts';
export type ConnectionStepRecord = ConnectionRequest['steps'][number];

/** The steps, in the order the regulation gives them. */
export const connectionSteps: readonly ConnectionStep[] = ['need', 'appraisal', 'setup', 'acceptance', 'operation'];
export const stepStates: readonly StepState[] = ['pending', 'in_progress', 'done', 'rejected'];

export type ConnectionParty = 'requesting' | 'providing';

/**
 * Which party carries out each step. Test and acceptance is the requesting agency's: it is the one
 * that knows whether the data it receives serves its purpose (the provider takes part, but the
 * requester signs the acceptance); everything about the source system is the provider's.
 */
export const stepParty: Readonly<Record<ConnectionStep, ConnectionParty>> = {
  need: 'requesting',
  appraisal: 'providing',
  setup: 'providing',
  acceptance: 'requesting',
  operation: 'providing',
};

export interface ConnectionParties {
  requestingAgency: string;
  providingAgency: string;
}

/** The agency that owns `step` of a request between `parties`. */
export function stepOwner(step: ConnectionStep, parties: ConnectionParties): string {
  return stepParty[step] === 'requesting' ? parties.requestingAgency : parties.providingAgency;
}

/**
 * The steps a new request starts with: the need stated (done, today, by the requesting agency, since
 * filing the request is stating it), every other step pending with the agency that owns it.
 * `today` is the Vietnam date, YYYY-MM-DD.
 */
export function defaultConnectionSteps(parties: ConnectionParties, today: string): ConnectionStepRecord[] {
  return connectionSteps.map((step) => (step === 'need' ? { step, owner: stepOwner(step, parties), date: today, state: 'done' } : { step, owner: stepOwner(step, parties), state: 'pending' }));
}

/** Where a request stands: 'open' while a step is to do, 'rejected' once a step was refused, 'operating' when all five are done. */
export type ConnectionOutcome = 'open' | 'rejected' | 'operating';

export interface CurrentStep {
  /** Index of the step in the five. */
  index: number;
  step: ConnectionStep;
  state: StepState;
}

/**
 * The step a request is at: the first one not done (a refused step stops the request there); the last
 * step when every step is done. Undefined for a list that is not the five steps.
 */
export function currentStep(steps: readonly Pick<ConnectionStepRecord, 'step' | 'state'>[]): CurrentStep | undefined {
  if (steps.length !== connectionSteps.length) return undefined;
  const i = steps.findIndex((s) => s.state !== 'done');
  const index = i < 0 ? steps.length - 1 : i;
  const at = steps[index]!;
  return { index, step: at.step, state: at.state };
}

export function connectionOutcome(steps: readonly Pick<ConnectionStepRecord, 'step' | 'state'>[]): ConnectionOutcome {
  const at = currentStep(steps);
  if (at?.state === 'rejected') return 'rejected';
  return at?.state === 'done' ? 'operating' : 'open';
}

/**
 * The first step that has begun (in progress, done or refused) before the step ahead of it was done,
 * as its index; undefined when the steps follow each other. A step cannot be appraised before the
 * need is stated, nor accepted before it is set up.
 */
export function stepOutOfOrder(steps: readonly { state: string }[]): number | undefined {
  for (let i = 1; i < steps.length; i++) if (steps[i]!.state !== 'pending' && steps[i - 1]!.state !== 'done') return i;
  return undefined;
}

/**
 * The steps `agency` may record now: the current step, when the agency owns it (a refused step is the
 * current one, so its owner may reopen it). Steps behind are closed to agencies: changing them would
 * pull the steps after them out of order; the coordinating department corrects them if need be.
 */
export function actionableSteps(steps: readonly ConnectionStepRecord[], agency: string): number[] {
  const at = currentStep(steps);
  if (!at) return [];
  return steps[at.index]!.owner === agency ? [at.index] : [];
}

/** Counts of requests by the step they are at and its state: the dashboard's table, counts only. */
export type ConnectionCounts = Record<ConnectionStep, Record<StepState, number>>;

export function emptyConnectionCounts(): ConnectionCounts {
  return Object.fromEntries(connectionSteps.map((s) => [s, Object.fromEntries(stepStates.map((st) => [st, 0]))])) as ConnectionCounts;
}

/** Each request counted once, at its current step; lists that are not the five steps are left out. */
export function countConnections(requests: Iterable<readonly Pick<ConnectionStepRecord, 'step' | 'state'>[]>): ConnectionCounts {
  const out = emptyConnectionCounts();
  for (const steps of requests) {
    const at = currentStep(steps);
    if (at && Object.hasOwn(out, at.step) && Object.hasOwn(out[at.step], at.state)) out[at.step][at.state]++;
  }
  return out;
}
