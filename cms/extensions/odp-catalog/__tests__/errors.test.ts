import { describe, expect, it } from 'vitest';
import { describePiiReport, type PiiHit } from '../../../../domain/pii-scan.ts';
import { CatalogValidationError, ForbiddenError, noSuchItemError, PersonalDataError, reasonOf, ReviewNoteRequiredError, workflowError, WorkflowTransitionError } from '../src/errors.ts';

// Directus answers with `status`, `message` and `{ ...extensions, code }`: these are what clients read.
const answer = (e: { name: string; status: number; code: string; message: string; extensions: unknown }) => ({
  name: e.name,
  status: e.status,
  code: e.code,
  message: e.message,
  extensions: e.extensions,
});

describe('the hook errors', () => {
  it('CATALOG_VALIDATION_FAILED lists each field in Vietnamese and English, and carries the field errors', () => {
    const errors = [
      { field: 'title.vi', code: 'required', message_vi: 'Bắt buộc.', message_en: 'Required.' },
      { field: '', code: 'invalid', message_vi: 'Sai.', message_en: 'Wrong.' },
    ];
    expect(answer(new CatalogValidationError({ collection: 'datasets', errors }))).toEqual({
      name: 'DirectusError',
      status: 400,
      code: 'CATALOG_VALIDATION_FAILED',
      message: 'Dữ liệu không hợp lệ / Invalid data: title.vi: Bắt buộc. / Required.; (bản ghi): Sai. / Wrong.',
      extensions: { collection: 'datasets', errors },
    });
  });

  it('FORBIDDEN is a 403 with the reason in both languages', () => {
    expect(answer(new ForbiddenError(reasonOf({ vi: 'Không được.', en: 'Not allowed.' })))).toEqual({
      name: 'DirectusError',
      status: 403,
      code: 'FORBIDDEN',
      message: 'Không được. / Not allowed.',
      extensions: { reason_vi: 'Không được.', reason_en: 'Not allowed.' },
    });
  });

  it('a workflow denial becomes the error of its own code', () => {
    const step = workflowError({ code: 'WORKFLOW_TRANSITION', vi: 'Không thể.', en: 'Cannot.' });
    expect(step).toBeInstanceOf(WorkflowTransitionError);
    expect(answer(step)).toEqual({ name: 'DirectusError', status: 400, code: 'WORKFLOW_TRANSITION', message: 'Không thể. / Cannot.', extensions: { reason_vi: 'Không thể.', reason_en: 'Cannot.' } });
    const note = workflowError({ code: 'REVIEW_NOTE_REQUIRED', vi: 'Ghi ý kiến.', en: 'Write comments.' });
    expect(note).toBeInstanceOf(ReviewNoteRequiredError);
    expect(note.code).toBe('REVIEW_NOTE_REQUIRED');
  });

  it('PERSONAL_DATA_FOUND says where, as the personal-data report does, and carries the hits', () => {
    const hits: PiiHit[] = [{ distribution: 'd-1', file: 'a.csv', line: 2, column: 'cccd', pattern: 'cccd', label: { vi: 'Số CCCD', en: 'Citizen ID' }, masked: '07920*******' }];
    const e = new PersonalDataError({ hits, truncated: true });
    expect(answer(e)).toEqual({
      name: 'DirectusError',
      status: 400,
      code: 'PERSONAL_DATA_FOUND',
      message: describePiiReport({ hits, truncated: true, notScanned: [{ distribution: 'x', url: 'https://x.example' }], scanned: 3 }),
      extensions: { hits, truncated: true },
    });
    expect(e.message).toContain('a.csv dòng/line 2, cột/column cccd');
  });

  it("an item the requester may not read is answered in Directus's own words for an item that does not exist", () => {
    const reason = 'You don\'t have permissions to perform "update" for the field(s) "version" in collection "datasets" or it does not exist.';
    expect(answer(noSuchItemError('update', 'datasets', ['version']))).toEqual({ name: 'DirectusError', status: 403, code: 'FORBIDDEN', message: reason, extensions: { reason } });
    expect(noSuchItemError('delete', 'datasets').message).toBe('You don\'t have permission to perform "delete" for collection "datasets" or it does not exist.');
  });
});
