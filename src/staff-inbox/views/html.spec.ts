import { escapeHtml, html, safeUrl } from './html.js';

describe('html templates', () => {
  it('escapes interpolated strings, not nested templates', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const inner = html`<b>${'&'}</b>`;
    const page = html`<p title="${hostile}">${hostile}</p>
      ${inner}`;
    expect(page.text).toContain(`<p title="${escapeHtml(hostile)}">${escapeHtml(hostile)}</p>`);
    expect(page.text).toContain('<b>&amp;</b>');
    expect(page.text).not.toContain('<script>');
  });

  it('renders lists and skips null, undefined and false', () => {
    expect(html`${['a', html`<i>b</i>`]}${null}${undefined}${false}${0}`.text).toBe('a<i>b</i>0');
  });

  it('keeps only http(s) and same-site URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' JaVaScRiPt:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,x')).toBe('#');
    expect(safeUrl('//evil.example/x')).toBe('#');
    expect(safeUrl('https://shop.example/a.png')).toBe('https://shop.example/a.png');
    expect(safeUrl('/uploads/2026-12/a.png')).toBe('/uploads/2026-12/a.png');
  });
});
