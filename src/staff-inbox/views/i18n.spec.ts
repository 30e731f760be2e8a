import { pickLocale, translator } from './i18n.js';

describe('staff page language', () => {
  it('follows Accept-Language by weight, the switch wins', () => {
    expect(pickLocale(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale(undefined, 'fr;q=0.9, en;q=0.8, zh;q=0.5')).toBe('en');
    expect(pickLocale(undefined, 'en;q=0.2, zh-TW;q=0.7')).toBe('zh-CN');
    expect(pickLocale(undefined, undefined)).toBe('en');
    expect(pickLocale('zh-CN', 'en')).toBe('zh-CN');
    expect(pickLocale('de', 'en')).toBe('en');
  });

  it('fills placeholders', () => {
    expect(translator('en')('pageOf', { page: 2, pages: 5 })).toBe('Page 2 of 5');
  });
});
