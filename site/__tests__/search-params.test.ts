// The search page's query parameters get the same care as the CKAN API's: a repeated scalar, a
// number out of range, a prototype name or an over-long value never reaches Meilisearch as asked.
import { describe, expect, it } from 'vitest';
import { buildMultiSearch, parseSearchState, type SearchState } from '../../search/src/query.ts';

const parse = (q: string) => parseSearchState(new URLSearchParams(q));
/** The filter of the datasets query the search page sends. */
const filterOf = (s: SearchState) => buildMultiSearch(s, { datasets: 'datasets', others: { service: 'services', agency: 'agencies', code: 'code_list_entries' } }).queries[0]?.filter;

describe('search page parameters', () => {
  it('takes the first of a repeated q, sort or page, never a list', () => {
    const s = parse('q=chợ&q=xe&sort=updated&sort=title&page=2&page=9');
    expect(s).toMatchObject({ q: 'chợ', sort: 'updated', page: 2 });
  });

  it('takes page as an integer from 2 to 1000; anything else is the first page', () => {
    for (const page of ['0', '-3', '1.5', 'abc', '1001', '1e9', '']) expect(parse(`page=${page}`).page, page).toBe(1);
    expect(parse('page=1000').page).toBe(1000);
  });

  it('reads only the known facets and sorts; prototype names are values like any other, quoted in the filter', () => {
    const s = parse('__proto__=x&constructor=y&sort=constructor&agency=__proto__&agency=constructor');
    expect(Object.keys(s.filters)).not.toContain('__proto__');
    expect(s.sort).toBe('relevance');
    expect(s.filters.agency).toEqual(['__proto__', 'constructor']);
    expect(filterOf(s)).toEqual(['agency IN ["__proto__", "constructor"]']);
  });

  it('caps each facet at 20 distinct values of at most 100 characters, and q at 200 characters', () => {
    const many = Array.from({ length: 30 }, (_, i) => `format=f${i}`).join('&');
    expect(parse(`${many}&format=f1`).filters.format).toHaveLength(20);
    expect(parse(`agency=${'a'.repeat(101)}`).filters.agency).toEqual([]);
    expect(parse(`q=${'x'.repeat(500)}`).q).toHaveLength(200);
  });

  it('escapes quotes and backslashes of values in the Meilisearch filter', () => {
    expect(filterOf(parse('keyword=a"%20OR%20agency%20=%20"b%5C'))).toEqual(['keyword IN ["a\\" OR agency = \\"b\\\\"]']);
  });
});
