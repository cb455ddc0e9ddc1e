import { describe, expect, it } from 'vitest';
import { findPlaces, placeIndex, placeText, resolvePlaces } from '../places.ts';

const entries = [
  { id: 'p79', codeList: 'don-vi-hanh-chinh-2026', code: '79', label: { vi: 'Thành phố Hồ Chí Minh', en: 'Ho Chi Minh City' } },
  { id: 'p01', codeList: 'don-vi-hanh-chinh-2026', code: '01', label: { vi: 'Thành phố Hà Nội', en: 'Hanoi City' } },
  { id: 'w26740', codeList: 'don-vi-hanh-chinh-2026', code: '26740', label: { vi: 'Phường Bến Thành' }, parentCode: '79' },
  { id: 'w26734', codeList: 'don-vi-hanh-chinh-2026', code: '26734', label: { vi: 'Phường Sài Gòn' }, parentCode: '79' },
  { id: 'w00004', codeList: 'don-vi-hanh-chinh-2026', code: '00004', label: { vi: 'Phường Ba Đình' }, parentCode: '01' },
  { id: 'w27541', codeList: 'don-vi-hanh-chinh-2026', code: '27541', label: { vi: 'Xã Phú Hòa Đông' }, parentCode: '79' },
  { id: 'w99991', codeList: 'don-vi-hanh-chinh-2026', code: '99991', label: { vi: 'Xã Tân Phú' }, parentCode: '79' },
  { id: 'w99992', codeList: 'don-vi-hanh-chinh-2026', code: '99992', label: { vi: 'Phường Tân Phú' }, parentCode: '01' },
];
const index = placeIndex(entries);

describe('places by name', () => {
  it('finds a ward by its name without the type word, diacritics or case', () => {
    expect(findPlaces(index, 'Bến Thành').map((p) => p.code)).toEqual(['26740']);
    expect(findPlaces(index, 'ben thanh')[0]?.province).toBe('Thành phố Hồ Chí Minh');
    expect(findPlaces(index, 'phu hoa').map((p) => p.code)).toEqual(['27541']);
  });

  it('puts provinces before wards and exact names before partial ones', () => {
    expect(findPlaces(index, 'Hồ Chí Minh')[0]?.code).toBe('79');
  });

  it('reads back codes, the written form of a place and unique names; says which lines match none or several', () => {
    const written = ['26740', placeText(index.byCode.get('00004')!), 'Sài Gòn', 'Tân Phú', 'Không Có'].join('\n');
    const r = resolvePlaces(index, written);
    expect(r.codes).toEqual(['26740', '00004', '26734']);
    expect(r.errors.map((e) => e.code)).toEqual(['ambiguous_place', 'unknown_place']);
    expect(r.errors[0]?.message_vi).toContain('99991');
    expect(r.errors[0]?.message_vi).toContain('99992');
  });
});
