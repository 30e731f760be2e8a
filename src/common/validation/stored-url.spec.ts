import { isStoredUrl, storedUrlPattern } from './stored-url.js';

describe('stored URLs', () => {
  it.each([
    'https://en.anqicms.com/uploads/image1.jpg',
    'http://shop.example.com/a.png?x=1#y',
    '/uploads/202611/abc.png',
    'uploads/202211/21/14f56760596b5328.webp',
  ])('take %s as an image', (url) => expect(isStoredUrl(url, 'image')).toBe(true));

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox(1)',
    'ftp://x/y.png',
    '//evil.example/a.png',
    '/etc/passwd',
    'uploads/../../etc/passwd',
    'https://x/"onerror="alert(1)',
    'https://x/a b.png',
    'https://',
    '',
  ])('refuse %j as an image', (url) => expect(isStoredUrl(url, 'image')).toBe(false));

  it('takes a path on our own site as a link, never a protocol-relative one', () => {
    expect(isStoredUrl('/pages/product/index?id=1', 'link')).toBe(true);
    expect(isStoredUrl('https://shop.example.com', 'link')).toBe(true);
    expect(isStoredUrl('//evil.example/', 'link')).toBe(false);
    expect(isStoredUrl('/\\evil.example/', 'link')).toBe(false);
    expect(isStoredUrl('javascript:alert(1)', 'link')).toBe(false);
  });

  it('takes "" only where the field may be cleared', () => {
    expect(storedUrlPattern('image', { empty: true }).test('')).toBe(true);
    expect(storedUrlPattern('image').test('')).toBe(false);
  });
});
