// One route file per page under pages/[...lang]/: the language parameter of the static paths and its
// check in the server routes (search, request form).
import { describe, expect, it } from 'vitest';
import { languages, langOfParam, langParam, localePath } from '../src/lib/i18n.ts';
import { routes } from '../src/lib/routes.ts';

describe('the [...lang] route parameter', () => {
  it('is absent for Vietnamese and "en" for English', () => {
    expect(routes.page()).toEqual([
      { params: { lang: undefined }, props: { lang: 'vi' } },
      { params: { lang: 'en' }, props: { lang: 'en' } },
    ]);
  });

  it('gives every path once in each language', () => {
    const feeds = routes.feeds();
    expect(feeds).toHaveLength(3 * languages.length);
    expect(feeds).toContainEqual({ params: { kind: 'notices', lang: undefined }, props: { lang: 'vi' } });
    expect(feeds).toContainEqual({ params: { kind: 'notices', lang: 'en' }, props: { lang: 'en' } });
  });

  it('names a language only when it is absent or a prefix the site has', () => {
    expect(langOfParam(undefined)).toBe('vi');
    expect(langOfParam('en')).toBe('en');
    // Vietnamese pages have no prefix: /vi/search/ is not a page.
    for (const bad of ['vi', 'xx', 'EN', 'en/en', '', 'a/b']) expect(langOfParam(bad), bad).toBeUndefined();
  });

  it('builds the path the route file answers for', () => {
    for (const lang of languages) {
      const param = langParam(lang);
      expect(localePath(lang, '/search/')).toBe(param === undefined ? '/search/' : `/${param}/search/`);
      expect(langOfParam(param)).toBe(lang);
    }
  });
});
