/**
 * The pages' one way to write HTML: a tagged template that escapes every interpolated value
 * unless it is already `Html` (the result of another `html` template). Customer text can only
 * ever reach a page as an interpolated string, so it always arrives escaped; there is no
 * "trusted string" back door besides `Html` itself.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What a template may interpolate: nothing renders for null, undefined and false. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

/**
 * A URL for `href`/`src` from data: only http(s) and same-site paths; anything else
 * (`javascript:`, `data:`) becomes a harmless `#`. The result is still escaped where it is used.
 */
export function safeUrl(url: string): string {
  const text = url.trim();
  // AnqiCMS data holds site-relative uploads without the leading slash (`uploads/...`).
  if (/^uploads\//i.test(text)) return `/${text}`;
  return /^(https?:\/\/|\/(?!\/))/i.test(text) ? text : '#';
}
