// What the Data Studio's controls store and show, without a browser.
import { describe, expect, it } from 'vitest';
import { cleanObject, labelText, localized, pickerItems, studioLanguage } from '../src/values.ts';

describe('cleanObject', () => {
  it('leaves out parts left empty, so no empty text or null reaches the validator', () => {
    expect(cleanObject({ vi: 'Bãi giữ xe', en: '' })).toEqual({ vi: 'Bãi giữ xe' });
    expect(cleanObject({ vi: ['xe buýt'], en: [] })).toEqual({ vi: ['xe buýt'] });
    expect(cleanObject({ start: '2024-01-01', end: null })).toEqual({ start: '2024-01-01' });
    expect(cleanObject({ whoMayUse: { vi: ' ', en: '' }, rateLimit: { vi: '100/phút' } })).toEqual({ rateLimit: { vi: '100/phút' } });
  });

  it('stores no value at all for an object left empty', () => {
    expect(cleanObject({ vi: '', en: '' })).toBeNull();
    expect(cleanObject(null)).toBeNull();
  });

  it('keeps false and zero', () => {
    expect(cleanObject({ required: false, order: 0 })).toEqual({ required: false, order: 0 });
  });
});

describe('names in the person’s language', () => {
  it('reads the Data Studio language from the page', () => {
    expect(studioLanguage('en-US')).toBe('en');
    expect(studioLanguage('vi-VN')).toBe('vi');
    expect(studioLanguage('')).toBe('vi');
  });

  it('shows a name in two languages in English only when there is English', () => {
    expect(labelText({ vi: 'Sở Y tế', en: 'Department of Health' }, 'en')).toBe('Department of Health');
    expect(labelText({ vi: 'Sở Y tế' }, 'en')).toBe('Sở Y tế');
    expect(labelText({ vi: 'Sở Y tế', en: 'Department of Health' }, 'vi')).toBe('Sở Y tế');
    expect(labelText('Phòng Dữ liệu', 'vi')).toBe('Phòng Dữ liệu');
  });

  it('names a part of a value from its translations', () => {
    const f = {
      field: 'vi',
      name: 'Tiếng Việt',
      type: 'string',
      meta: {
        translations: [
          { language: 'vi-VN', translation: 'Tiếng Việt' },
          { language: 'en-US', translation: 'Vietnamese' },
        ],
      },
    };
    expect(localized(f, 'en-US').name).toBe('Vietnamese');
    expect(localized(f, 'fr-FR').name).toBe('Tiếng Việt');
  });

  it('sorts a picker’s choices as Vietnamese sorts and keeps a stored id no longer found', () => {
    const items = pickerItems(
      [
        { id: 'so-y-te', label: { vi: 'Sở Y tế' } },
        { id: 'cong-an', label: { vi: 'Công an Thành phố' } },
        { id: 'so-xay-dung', label: { vi: 'Sở Xây dựng' } },
      ],
      'vi',
      ['so-cu'],
    );
    expect(items.map((i) => i.text)).toEqual(['Công an Thành phố', 'so-cu', 'Sở Xây dựng', 'Sở Y tế']);
  });
});
