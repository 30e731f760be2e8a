import { readFileSync } from 'node:fs';
import type { MailKind } from './mail-kinds.js';

/** The languages mails are written in; the shop's language setting chooses (default zh-CN). */
export const MAIL_LANGUAGES = ['zh-CN', 'en'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** The shop's `language` setting as a mail language: `en`, `en-US`... → en; anything else zh-CN. */
export function mailLanguageOf(setting: string | number | undefined): MailLanguage {
  return /^en\b/i.test(String(setting ?? '')) ? 'en' : 'zh-CN';
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailTemplateName = MailKind | 'test';

const TEMPLATES = new URL('./templates/', import.meta.url);

/** `&<>"'` as entities: every value placed in HTML goes through this. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** `{{name}}` → the value (missing: ''); no other syntax, so a template cannot run code. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, name: string) => values[name] ?? '');
}

/** Escaped text as HTML paragraphs, with http(s) links made clickable. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => {
      const escaped = escapeHtml(paragraph).replace(
        /https?:\/\/[^\s<>"']+/g,
        (url) => `<a href="${url}">${url}</a>`,
      );
      return `<p>${escaped.replace(/\n/g, '<br>\n')}</p>`;
    })
    .join('\n');
}

/**
 * The mail templates: `templates/<language>/<kind>.txt` (first line `Subject: ...`, then a blank
 * line and the text), and per language `layout.html` around the text for the HTML part and
 * `unsubscribe.txt`, the footer of customer mails. Values are filled into the text; the HTML part
 * is that text escaped, so nothing a customer wrote can become markup.
 */
export class MailTemplates {
  private readonly files = new Map<string, string>();

  constructor(private readonly dir: URL = TEMPLATES) {}

  render(
    language: MailLanguage,
    name: MailTemplateName,
    values: Readonly<Record<string, string>>,
    unsubscribeUrl?: string,
  ): RenderedMail {
    const source = this.file(language, `${name}.txt`);
    const [first, ...rest] = source.split('\n');
    const subject = fill(first.replace(/^Subject:\s*/, ''), values)
      .replace(/[\r\n]+/g, ' ')
      .trim();
    let text = fill(rest.join('\n'), values).trim();
    const footer = unsubscribeUrl
      ? fill(this.file(language, 'unsubscribe.txt'), {
          url: unsubscribeUrl,
          shop: values.shop ?? '',
        }).trim()
      : '';
    const html = fill(this.file(language, 'layout.html'), {
      shop: escapeHtml(values.shop ?? ''),
      subject: escapeHtml(subject),
    })
      .replace('<!--body-->', textToHtml(text))
      .replace('<!--footer-->', footer ? textToHtml(footer) : '');
    if (footer) text = `${text}\n\n--\n${footer}`;
    return { subject, text: `${text}\n`, html };
  }

  private file(language: MailLanguage, name: string): string {
    const key = `${language}/${name}`;
    let content = this.files.get(key);
    if (content === undefined) {
      content = readFileSync(new URL(key, this.dir), 'utf8');
      this.files.set(key, content);
    }
    return content;
  }
}
