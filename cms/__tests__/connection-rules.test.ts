// The rules of a connection request's five steps (Lào Cai art. 12), as the CMS hook applies them to
// agency editors: who files, who records which step, in which order, and what stays fixed.
import { describe, expect, it } from 'vitest';
import { defaultConnectionSteps, type ConnectionStepRecord } from '../../domain/connection-steps.ts';
import { connectionDenial, writeDenial, type Actor } from '../src/access-rules.ts';

const A = 'so-khcn'; // requests the data
const B = 'so-xay-dung'; // holds it
const requester: Actor = { kind: 'editor', agency: A };
const provider: Actor = { kind: 'editor', agency: B };
const stranger: Actor = { kind: 'editor', agency: 'so-y-te' };
const reviewer: Actor = { kind: 'reviewer' };

const filed = {
  id: 'kn-so-khcn-camera',
  title: 'Kết nối dữ liệu camera giám sát giao thông',
  requestingAgency: A,
  providingAgency: B,
  dataset: 'camera-giam-sat-giao-thong',
  purpose: 'Theo dõi ùn tắc để điều phối.',
  scope: 'Vị trí camera, toàn thành phố.',
  method: 'api-on-request',
  frequency: 'daily',
  steps: defaultConnectionSteps({ requestingAgency: A, providingAgency: B }, '2026-11-02'),
};
type Request = typeof filed;

/** The request with step `i` changed. */
const at = (r: Request, i: number, change: Partial<ConnectionStepRecord>): Request => ({ ...r, steps: r.steps.map((s, j) => (j === i ? { ...s, ...change } : s)) });
const code = (d: ReturnType<typeof connectionDenial>) => d?.code;

describe('connectionDenial', () => {
  it('lets the requesting agency file a request with its need stated and every other step pending', () => {
    expect(connectionDenial(requester, undefined, filed)).toBeUndefined();
    expect(writeDenial('ConnectionRequest', requester, undefined, filed)).toBeUndefined();
  });

  it('refuses a request filed in the name of another agency, or with steps the regulation does not give', () => {
    expect(code(connectionDenial(provider, undefined, filed))).toBe('CONNECTION_REQUESTER_ONLY');
    expect(code(connectionDenial(requester, undefined, { ...filed, steps: filed.steps.slice(0, 4) }))).toBe('CONNECTION_FIXED');
    expect(code(connectionDenial(requester, undefined, at(filed, 1, { owner: A })))).toBe('CONNECTION_FIXED');
    const swapped = { ...filed, steps: [filed.steps[1]!, filed.steps[0]!, ...filed.steps.slice(2)] };
    expect(code(connectionDenial(requester, undefined, swapped))).toBe('CONNECTION_FIXED');
  });

  it("refuses a request filed with the provider's steps already recorded", () => {
    const d = connectionDenial(requester, undefined, at(filed, 1, { state: 'done', date: '2026-11-02', outcome: 'Đồng ý.' }));
    expect(d).toMatchObject({ code: 'CONNECTION_STEP_OWNER', field: 'steps.1' });
    expect(d?.vi).toMatch(/Thẩm định/);
    expect(d?.en).toMatch(/Appraisal/);
  });

  it('lets the provider appraise and set up, the requester accept, the provider operate, in turn', () => {
    const appraised = at(filed, 1, { state: 'done', date: '2026-11-05', outcome: 'Đồng ý cung cấp.' });
    expect(connectionDenial(provider, filed, appraised)).toBeUndefined();
    const setUp = at(appraised, 2, { state: 'done', date: '2026-11-09', outcome: 'Đã cấp khóa API.' });
    expect(connectionDenial(provider, appraised, setUp)).toBeUndefined();
    const accepted = at(setUp, 3, { state: 'done', date: '2026-11-12', outcome: 'Nghiệm thu đạt.' });
    expect(connectionDenial(requester, setUp, accepted)).toBeUndefined();
    const operating = at(accepted, 4, { state: 'done', date: '2026-11-13' });
    expect(connectionDenial(provider, accepted, operating)).toBeUndefined();
  });

  it("refuses an agency's change to a step another agency owns", () => {
    const d = connectionDenial(requester, filed, at(filed, 1, { state: 'done', outcome: 'Tự duyệt.' }));
    expect(d).toMatchObject({ code: 'CONNECTION_STEP_OWNER', field: 'steps.1' });
    expect(code(connectionDenial(provider, filed, at(filed, 0, { outcome: 'Sửa nhu cầu.' })))).toBe('CONNECTION_STEP_OWNER');
    // An agency that is not a party is stopped before the steps are looked at.
    expect(writeDenial('ConnectionRequest', stranger, filed, at(filed, 1, { state: 'done' }))).toBeDefined();
  });

  it('refuses a step begun before the one ahead of it is done', () => {
    const d = connectionDenial(provider, filed, at(filed, 2, { state: 'in_progress' }));
    expect(d).toMatchObject({ code: 'CONNECTION_STEP_ORDER', field: 'steps.2' });
    expect(d?.en).toMatch(/once "Appraisal" is done/);
    const rejected = at(filed, 1, { state: 'rejected', outcome: 'Dữ liệu có thông tin cá nhân.' });
    expect(connectionDenial(provider, filed, rejected)).toBeUndefined();
    expect(code(connectionDenial(provider, rejected, at(rejected, 2, { state: 'in_progress' })))).toBe('CONNECTION_STEP_ORDER');
  });

  it('keeps the parties and the owners fixed, and the need as appraised', () => {
    expect(code(connectionDenial(requester, filed, { ...filed, providingAgency: 'so-y-te' }))).toBe('CONNECTION_FIXED');
    expect(code(connectionDenial(provider, filed, at(filed, 2, { owner: A })))).toBe('CONNECTION_FIXED');
    expect(connectionDenial(requester, filed, { ...filed, purpose: 'Theo dõi ùn tắc và tai nạn.' })).toBeUndefined();
    expect(code(connectionDenial(provider, filed, { ...filed, purpose: 'Khác.' }))).toBe('CONNECTION_REQUESTER_ONLY');
    const appraising = at(filed, 1, { state: 'in_progress' });
    expect(connectionDenial(requester, appraising, { ...appraising, purpose: 'Mục đích khác hẳn.' })).toMatchObject({ code: 'CONNECTION_NEED_LOCKED', field: 'purpose' });
    expect(connectionDenial(requester, appraising, { ...appraising, title: 'Tên rõ hơn cho yêu cầu' })).toBeUndefined();
  });

  it('lets only the requesting agency withdraw a request', () => {
    expect(connectionDenial(requester, filed, undefined)).toBeUndefined();
    expect(code(connectionDenial(provider, filed, undefined))).toBe('CONNECTION_REQUESTER_ONLY');
  });

  it('leaves the coordinating department free to correct any step, and reads steps stored as text', () => {
    expect(connectionDenial(reviewer, filed, at(at(filed, 1, { owner: 'so-noi-vu' }), 3, { state: 'done' }))).toBeUndefined();
    const stored = { ...filed, steps: JSON.stringify(filed.steps) };
    expect(connectionDenial(provider, stored, at(filed, 1, { state: 'in_progress' }))).toBeUndefined();
    expect(code(connectionDenial(requester, stored, at(filed, 1, { state: 'in_progress' })))).toBe('CONNECTION_STEP_OWNER');
  });
});
