import { sanitizeRichText } from './rich-text.js';

describe('sanitizeRichText', () => {
  it('keeps ordinary formatting, links and images', () => {
    const html =
      '<h2>Sizes</h2><p>Cotton <strong>180 g</strong>, <a href="https://shop.example.com/size">chart</a></p><img src="https://cdn.example.com/a.jpg" alt="front" />';
    expect(sanitizeRichText(html)).toBe(html);
  });

  it('drops scripts, styles and iframes with their content', () => {
    expect(
      sanitizeRichText(
        '<p>a</p><script>alert(1)</script><style>p{}</style><iframe src="x"></iframe>',
      ),
    ).toBe('<p>a</p>');
  });

  it('drops every event attribute and style', () => {
    expect(
      sanitizeRichText(
        '<p onclick="x()" onmouseover="y()" style="position:fixed">hi</p><img src="https://a/b.png" onerror="z()">',
      ),
    ).toBe('<p>hi</p><img src="https://a/b.png" />');
  });

  it('drops javascript:, data: and vbscript: URLs, also disguised', () => {
    const out = sanitizeRichText(
      '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt&#58;alert(1)">b</a><a href=" vbscript:x">c</a><img src="data:image/svg+xml;base64,PHN2Zz4=">',
    );
    expect(out).not.toMatch(/javascript|vbscript|data:/i);
    expect(out).toBe('<a>a</a><a>b</a><a>c</a><img />');
  });

  it('marks links that open a new window noopener', () => {
    expect(sanitizeRichText('<a href="/x" target="_blank">x</a>')).toBe(
      '<a href="/x" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it('keeps empty input empty', () => {
    expect(sanitizeRichText('')).toBe('');
  });
});
