import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import {
  actionableSteps,
  connectionOutcome,
  connectionSteps,
  countConnections,
  currentStep,
  defaultConnectionSteps,
  stepOutOfOrder,
  stepOwner,
  type ConnectionStepRecord,
  type StepState,
} from '../connection-steps.ts';

const parties = { requestingAgency: 'so-khcn', providingAgency: 'so-xay-dung' };
const withStates = (...states: StepState[]): ConnectionStepRecord[] => defaultConnectionSteps(parties, '2026-11-02').map((s, i) => ({ ...s, state: states[i] ?? 'pending' }));

describe('the five steps of a connection request', () => {
  it('gives the need and the acceptance to the requesting agency, the rest to the providing agency', () => {
    expect(connectionSteps.map((s) => `${s}:${stepOwner(s, parties)}`)).toEqual(['need:so-khcn', 'appraisal:so-xay-dung', 'setup:so-xay-dung', 'acceptance:so-khcn', 'operation:so-xay-dung']);
  });

  it('starts a new request with the need stated today and every other step pending, and the request is valid', () => {
    const steps = defaultConnectionSteps(parties, '2026-11-02');
    expect(steps[0]).toEqual({ step: 'need', owner: 'so-khcn', date: '2026-11-02', state: 'done' });
    expect(steps.slice(1).map((s) => `${s.step}:${s.owner}:${s.state}:${s.date ?? '-'}`)).toEqual([
      'appraisal:so-xay-dung:pending:-',
      'setup:so-xay-dung:pending:-',
      'acceptance:so-khcn:pending:-',
      'operation:so-xay-dung:pending:-',
    ]);
    const request = {
      id: 'kn-thu',
      title: 'Kết nối dữ liệu camera giao thông',
      ...parties,
      purpose: 'Theo dõi ùn tắc để điều phối giao thông.',
      scope: 'Vị trí camera, toàn thành phố.',
      method: 'api-on-request',
      frequency: 'daily',
      steps,
    };
    expect(validateRecord('ConnectionRequest', request)).toEqual([]);
  });

  it('says which step a request is at, and how it ended', () => {
    expect(currentStep(withStates('done'))).toEqual({ index: 1, step: 'appraisal', state: 'pending' });
    expect(currentStep(withStates('done', 'done', 'in_progress'))).toEqual({ index: 2, step: 'setup', state: 'in_progress' });
    expect(currentStep(withStates('done', 'rejected'))).toEqual({ index: 1, step: 'appraisal', state: 'rejected' });
    expect(currentStep(withStates('done', 'done', 'done', 'done', 'done'))).toEqual({ index: 4, step: 'operation', state: 'done' });
    expect(currentStep(withStates('done').slice(0, 4))).toBeUndefined();
    expect(connectionOutcome(withStates('done', 'in_progress'))).toBe('open');
    expect(connectionOutcome(withStates('done', 'rejected'))).toBe('rejected');
    expect(connectionOutcome(withStates('done', 'done', 'done', 'done', 'done'))).toBe('operating');
  });

  it('finds a step begun before the one ahead of it was done', () => {
    expect(stepOutOfOrder(withStates('done', 'done', 'in_progress'))).toBeUndefined();
    expect(stepOutOfOrder(withStates('done', 'in_progress', 'in_progress'))).toBe(2);
    expect(stepOutOfOrder(withStates('done', 'rejected', 'pending', 'done'))).toBe(3);
    expect(stepOutOfOrder(withStates('in_progress', 'done'))).toBe(1);
  });

  it("lets an agency record only the current step, when it is the step's owner", () => {
    const appraising = withStates('done', 'in_progress');
    expect(actionableSteps(appraising, 'so-xay-dung')).toEqual([1]);
    expect(actionableSteps(appraising, 'so-khcn')).toEqual([]);
    expect(actionableSteps(withStates('done', 'done', 'done'), 'so-khcn')).toEqual([3]);
    // A refused appraisal may be reopened by the provider, and by no one else.
    expect(actionableSteps(withStates('done', 'rejected'), 'so-xay-dung')).toEqual([1]);
    expect(actionableSteps(withStates('done', 'rejected'), 'so-khcn')).toEqual([]);
  });

  it('counts requests once each, at the step they are at and its state', () => {
    const counts = countConnections([
      withStates('done'),
      withStates('done', 'in_progress'),
      withStates('done', 'rejected'),
      withStates('done', 'done', 'done', 'done', 'done'),
      withStates('done').slice(0, 3),
    ]);
    expect(counts.appraisal).toEqual({ pending: 1, in_progress: 1, done: 0, rejected: 1 });
    expect(counts.operation.done).toBe(1);
    expect(
      Object.values(counts)
        .flatMap((c) => Object.values(c))
        .reduce((a, b) => a + b, 0),
    ).toBe(4);
  });
});
