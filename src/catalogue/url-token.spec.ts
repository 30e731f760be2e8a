import { baseUrlToken, slugify } from './url-token.js';

describe('url tokens', () => {
  it('slugs Latin titles', () => {
    expect(slugify('  Custom T-Shirt (Cotton) ')).toBe('custom-t-shirt-cotton');
    expect(slugify('Crème brûlée')).toBe('creme-brulee');
  });

  it('falls back to "goods" when the title has no Latin letters or digits', () => {
    expect(baseUrlToken('英文外贸响应式通用主题')).toBe('goods');
    expect(baseUrlToken('主题 wzl-008')).toBe('wzl-008');
  });

  it('keeps tokens short', () => {
    expect(slugify('a'.repeat(300)).length).toBe(120);
  });
});
