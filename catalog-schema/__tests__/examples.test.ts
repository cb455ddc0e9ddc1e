import { describe, expect, it } from 'vitest';
import { loadExamples } from '../src/examples.ts';
import { validateRecord } from '../src/validate.ts';

describe('valid examples', () => {
  for (const ex of loadExamples('valid')) {
    it(`${ex.file} (${ex.entity}) passes`, () => {
      expect(validateRecord(ex.entity, ex.record)).toEqual([]);
    });
  }
});

describe('invalid examples', () => {
  for (const ex of loadExamples('invalid')) {
    it(`${ex.file} (${ex.entity}) fails with ${ex.expect.map((e) => `${e.field}/${e.code}`).join(', ')}`, () => {
      expect(ex.expect.length).toBeGreaterThan(0);
      const errors = validateRecord(ex.entity, ex.record);
      for (const want of ex.expect) {
        expect(errors).toContainEqual(expect.objectContaining(want));
      }
      for (const e of errors) {
        expect(e.message_vi.length).toBeGreaterThan(0);
        expect(e.message_en.length).toBeGreaterThan(0);
      }
    });
  }
});
