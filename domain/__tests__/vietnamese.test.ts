import { describe, expect, it } from 'vitest';
import { buildPortal } from '../../site/src/lib/portal.ts';
import { catalogVocabulary, suggest } from '../../site/src/lib/suggest.ts';
import { datasetIndexSettings } from '../../search/src/settings.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { fold, telexText } from '../vietnamese.ts';

describe('Telex spellings', () => {
  it('keep every mark, so đường, dương and đương differ', () => {
    expect(telexText('đường')).toBe('dduwowngf');
    expect(telexText('dương')).toBe('duwowng');
    expect(telexText('đương')).toBe('dduwowng');
    expect(telexText('duong')).toBe('');
  });

  it('are the same for old and new tone placement', () => {
    expect(telexText('Hòa')).toBe(telexText('Hoà'));
    expect(telexText('thủy')).toBe(telexText('thuỷ'));
    expect(telexText('Hoa\u0300')).toBe('hoaf');
  });

  it('are made of the words typed with diacritics only', () => {
    expect(telexText('đường bộ')).toBe('dduwowngf booj');
    expect(telexText('duong bo')).toBe('');
    expect(telexText('Xe buýt, xe buýt')).toBe('buyts');
    expect(fold('Đường Ánh')).toBe('duong anh');
  });
});

describe('synonyms', () => {
  const synonyms = datasetIndexSettings.synonyms;
  it('make every name of a group point to the others, in lower case', () => {
    expect(synonyms.tphcm).toContain('hồ chí minh');
    expect(synonyms.csdl).toEqual(['cơ sở dữ liệu']);
    expect(synonyms.ubnd).toContain('ủy ban nhân dân');
    for (const [name, others] of Object.entries(synonyms)) {
      expect(name).toBe(name.normalize('NFC').toLowerCase());
      for (const o of others) expect(synonyms[o], `${o} → ${name}`).toContain(name);
    }
  });
});

describe('did you mean', () => {
  const snapshot = seedSnapshot();
  const titles = ['Trạm sạc xe điện công cộng', 'Danh sách tuyến xe buýt', 'Bệnh viện'];
  const vocab = catalogVocabulary(buildPortal({ ...snapshot, datasets: titles.map((vi, i) => ({ ...snapshot.datasets[i]!, title: { vi }, keyword: { vi: [] } })) }));
  it('replaces unknown words with the closest word of the catalog', () => {
    expect(suggest('xe buyyt', vocab)).toBe('xe buýt');
    expect(suggest('benh vein', vocab)).toBe('bệnh viện');
  });
  it('says nothing when every word is known or nothing is close', () => {
    expect(suggest('xe buýt', vocab)).toBeUndefined();
    expect(suggest('zzzzzz', vocab)).toBeUndefined();
  });
});
