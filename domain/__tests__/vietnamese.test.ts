import { describe, expect, it } from 'vitest';
import { suggest, vocabularyOf } from '../../site/src/lib/suggest.ts';
import { synonymsFromGroups, synonyms } from '../../search/src/settings.ts';
import { expandQuery, fold, hasDiacritics, telexText, telexWord } from '../vietnamese.ts';

describe('Telex spellings', () => {
  it('keep every mark, so đường, dương and đương differ', () => {
    expect(telexWord('đường')).toBe('dduwowngf');
    expect(telexWord('dương')).toBe('duwowng');
    expect(telexWord('đương')).toBe('dduwowng');
    expect(telexWord('duong')).toBeUndefined();
  });

  it('are the same for old and new tone placement', () => {
    expect(telexWord('Hòa')).toBe(telexWord('Hoà'));
    expect(telexWord('thủy')).toBe(telexWord('thuỷ'));
    expect(telexWord('Hoa\u0300')).toBe('hoaf');
  });

  it('are added to queries typed with diacritics only', () => {
    expect(expandQuery('đường bộ')).toBe('đường bộ dduwowngf booj');
    expect(expandQuery('duong bo')).toBe('duong bo');
    expect(telexText('Xe buýt, xe buýt')).toBe('buyts');
    expect(hasDiacritics('đi')).toBe(true);
    expect(hasDiacritics('di')).toBe(false);
    expect(fold('Đường Ánh')).toBe('duong anh');
  });
});

describe('synonyms', () => {
  it('make every name of a group point to the others', () => {
    expect(synonymsFromGroups([['UBND', 'ủy ban nhân dân']])).toEqual({ ubnd: ['ủy ban nhân dân'], 'ủy ban nhân dân': ['ubnd'] });
    expect(synonyms.tphcm).toContain('hồ chí minh');
    expect(synonyms.csdl).toEqual(['cơ sở dữ liệu']);
  });
});

describe('did you mean', () => {
  const vocab = vocabularyOf(['Trạm sạc xe điện công cộng', 'Danh sách tuyến xe buýt', 'Bệnh viện']);
  it('replaces unknown words with the closest word of the catalog', () => {
    expect(suggest('xe buyyt', vocab)).toBe('xe buýt');
    expect(suggest('benh vein', vocab)).toBe('bệnh viện');
  });
  it('says nothing when every word is known or nothing is close', () => {
    expect(suggest('xe buýt', vocab)).toBeUndefined();
    expect(suggest('zzzzzz', vocab)).toBeUndefined();
  });
});
