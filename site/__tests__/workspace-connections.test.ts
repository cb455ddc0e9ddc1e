// The workspace's connection requests as pure checks: filing one from a dataset of another agency,
// recording a step, and the desk's list.
import { describe, expect, it } from 'vitest';
import { defaultConnectionSteps, type ConnectionStepRecord } from '../../domain/connection-steps.ts';
import {
  connectionDefaults,
  connectionFromForm,
  connectionId,
  deskConnections,
  postedStep,
  recordStep,
  stepInputName,
  stepsWithForm,
  storedSteps,
  type ConnectionTarget,
} from '../src/lib/workspace/connection-forms.ts';
import { publishPaths } from '../src/lib/workspace/paths.ts';

const A = 'so-khcn';
const B = 'so-xay-dung';
const target: ConnectionTarget = { kind: 'dataset', id: 'camera-giam-sat-giao-thong', title: { vi: 'Camera giám sát giao thông' }, publisher: B };
const now = new Date('2026-11-02T03:00:00Z');
const need = { title: 'Kết nối dữ liệu camera giao thông', purpose: 'Theo dõi ùn tắc để điều phối giao thông.', scope: 'Vị trí camera, toàn thành phố.', method: 'api-on-request', frequency: 'daily' };
const steps = defaultConnectionSteps({ requestingAgency: A, providingAgency: B }, '2026-11-02');
const at = (list: ConnectionStepRecord[], i: number, change: Partial<ConnectionStepRecord>) => list.map((s, j) => (j === i ? { ...s, ...change } : s));

describe('filing a connection request', () => {
  it('proposes a title from the data asked for, and files the need with the five steps, the provider being the publisher', () => {
    expect(connectionDefaults(target).title).toBe('Kết nối dữ liệu: Camera giám sát giao thông');
    const r = connectionFromForm(need, { requestingAgency: A, target, id: connectionId(now, 'a1b2c3'), now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ id: 'kn-20261102-a1b2c3', requestingAgency: A, providingAgency: B, dataset: target.id, method: 'api-on-request' });
    expect((r.value.steps as ConnectionStepRecord[]).map((s) => `${s.step}:${s.owner}:${s.state}`)).toEqual([
      `need:${A}:done`,
      `appraisal:${B}:pending`,
      `setup:${B}:pending`,
      `acceptance:${A}:pending`,
      `operation:${B}:pending`,
    ]);
  });

  it('puts each missing or short answer beside its input, and refuses to ask for its own data', () => {
    const r = connectionFromForm({ ...need, purpose: 'Ngắn', method: '' }, { requestingAgency: A, target, id: 'kn-20261102-a1b2c3', now });
    expect(r.ok ? [] : r.errors.map((e) => e.field).sort()).toEqual(['method', 'purpose']);
    const own = connectionFromForm(need, { requestingAgency: B, target, id: 'kn-20261102-a1b2c3', now });
    expect(own.ok ? '' : own.errors[0]?.code).toBe('own_data');
  });

  it('has its addresses under /publish/connections/ in both languages', () => {
    expect(publishPaths.newConnection('vi', { dataset: 'x-y' })).toBe('/publish/connections/new?dataset=x-y');
    expect(publishPaths.newConnection('en', { service: 'api-1' })).toBe('/en/publish/connections/new?service=api-1');
    expect(publishPaths.connection('vi', 'kn-20261102-a1b2c3')).toBe('/publish/connections/kn-20261102-a1b2c3');
  });
});

describe('recording a step', () => {
  const form = (entries: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) f.set(k, v);
    return f;
  };

  it('reads the posted step form by its step', () => {
    const posted = postedStep(form({ step: 'appraisal', [stepInputName(1, 'state')]: 'done', [stepInputName(1, 'date')]: '2026-11-02', [stepInputName(1, 'outcome')]: ' Đồng ý. ' }), steps);
    expect(posted).toEqual({ index: 1, values: { step: 'appraisal', state: 'done', date: '2026-11-02', outcome: 'Đồng ý.' } });
  });

  it('records the current step for the agency that owns it, and the coordinating department any step', () => {
    expect(stepsWithForm(steps, { agency: B })).toEqual([1]);
    expect(stepsWithForm(steps, { agency: A })).toEqual([]);
    expect(stepsWithForm(steps, { coordinator: true })).toEqual([0, 1, 2, 3, 4]);
    const r = recordStep(steps, { step: 'appraisal', state: 'done', date: '2026-11-02', outcome: 'Đồng ý cung cấp.' }, { agency: B }, '2026-11-02');
    expect(r.ok && r.value.steps[1]).toEqual({ step: 'appraisal', owner: B, state: 'done', date: '2026-11-02', outcome: 'Đồng ý cung cấp.' });
  });

  it("refuses another agency's step, a date ahead, a closed step without its date and a rejection without its reason", () => {
    const forged = recordStep(steps, { step: 'appraisal', state: 'done', date: '2026-11-02', outcome: '' }, { agency: A }, '2026-11-02');
    expect(forged.ok ? '' : forged.errors[0]?.code).toBe('not_your_step');
    const bad = recordStep(steps, { step: 'appraisal', state: 'rejected', date: '', outcome: '' }, { agency: B }, '2026-11-02');
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['date:required', 'outcome:required']);
    const ahead = recordStep(steps, { step: 'appraisal', state: 'in_progress', date: '2026-11-03', outcome: '' }, { agency: B }, '2026-11-02');
    expect(ahead.ok ? [] : ahead.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['date:in_future']);
  });
});

describe("the desk's connection requests", () => {
  const row = (id: string, requestingAgency: string, providingAgency: string, list: ConnectionStepRecord[]) => ({
    id,
    title: `Yêu cầu ${id}`,
    requestingAgency,
    providingAgency,
    steps: list,
    dataset: null,
  });
  const rows = [
    row('kn-1', A, B, steps),
    row(
      'kn-2',
      B,
      A,
      at(
        at(
          steps.map((s) => ({ ...s, owner: s.owner === A ? B : A })),
          1,
          { state: 'done', date: '2026-11-03' },
        ),
        2,
        { state: 'in_progress' },
      ),
    ),
    row('kn-3', A, B, at(steps, 1, { state: 'rejected', date: '2026-11-04', outcome: 'Không đủ căn cứ.' })),
    row('kn-4', 'so-y-te', B, steps),
  ];

  it('lists the requests the agency makes or answers, those waiting for it first, with the step each is at', () => {
    const list = deskConnections(rows, A);
    expect(list.map((c) => `${c.id}:${c.role}:${c.current.step}:${c.current.state}:${c.yourTurn}`)).toEqual([
      'kn-2:providing:setup:in_progress:true',
      'kn-1:requesting:appraisal:pending:false',
      'kn-3:requesting:appraisal:rejected:false',
    ]);
    expect(
      deskConnections(rows, B)
        .filter((c) => c.yourTurn)
        .map((c) => c.id),
    ).toEqual(['kn-1', 'kn-4']);
  });

  it('lists every request for the coordinating department, waiting for no one in particular', () => {
    const all = deskConnections(rows, undefined);
    expect(all.map((c) => c.id).sort()).toEqual(['kn-1', 'kn-2', 'kn-3', 'kn-4']);
    expect(all.every((c) => !c.yourTurn && c.role === undefined)).toBe(true);
  });

  it('reads steps Directus gives as text', () => {
    expect(storedSteps({ steps: JSON.stringify(steps) })).toEqual(steps);
    expect(storedSteps({ steps: 'not json' })).toEqual([]);
  });
});
