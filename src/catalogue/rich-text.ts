import sanitizeHtml from 'sanitize-html';

/**
 * Rich text staff write (product and category `content`), made safe once, on save: what the
 * mini-program's rich-text component and any web front-end render is only this allow-list.
 * No scripts or styles blocks, no event attributes (`on*`), no `style` (it can hide or overlay
 * content), links and images only over http(s), relative paths or mailto/tel: `javascript:`,
 * `data:` and `vbscript:` URLs are dropped with the attribute.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'div',
    'span',
    'section',
    'blockquote',
    'pre',
    'code',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'del',
    'sub',
    'sup',
    'small',
    'mark',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'a',
    'img',
    'figure',
    'figcaption',
    'video',
    'source',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    video: ['src', 'poster', 'controls', 'width', 'height'],
    source: ['src', 'type'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    '*': ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: {
    img: ['http', 'https'],
    video: ['http', 'https'],
    source: ['http', 'https'],
  },
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  // A link that opens a new window must not hand the opener to the target page.
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: attribs.target ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
  },
};

/** The stored form of staff-written HTML (see OPTIONS); `''` stays `''`. */
export function sanitizeRichText(html: string): string {
  return html ? sanitizeHtml(html, OPTIONS).trim() : '';
}
