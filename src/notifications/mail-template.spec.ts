import { MAIL_KINDS } from './mail-kinds.js';
import type { MailKind } from './mail-kinds.js';
import { MAIL_LANGUAGES, mailLanguageOf, MailTemplates } from './mail-template.js';

describe('MailTemplates', () => {
  const templates = new MailTemplates();
  const names = [...(Object.keys(MAIL_KINDS) as MailKind[]), 'test' as const];

  it.each(MAIL_LANGUAGES)('has every template in %s, each with a subject', (language) => {
    for (const name of names) {
      const mail = templates.render(language, name, { shop: 'Shop' }, 'https://x.test/u');
      expect(mail.subject).not.toBe('');
      expect(mail.subject).not.toMatch(/\{\{|Subject:/);
      expect(mail.text).not.toContain('{{');
      expect(mail.html).toContain('https://x.test/u');
    }
  });

  it('escapes what customers wrote in the HTML part and keeps it as written in the text', () => {
    const mail = templates.render('en', 'request_created', {
      shop: 'A & B',
      customer: 'eve',
      title: '<script>alert(1)</script>',
      content: '<img src=x onerror=alert(1)>{{shop}}',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('A &amp; B');
    expect(mail.text).toContain('<img src=x onerror=alert(1)>{{shop}}');
  });

  it('keeps a subject on one line', () => {
    const mail = templates.render('en', 'staff_notice', { shop: 'S', subject: 'a\r\nBcc: x' });
    expect(mail.subject).toBe('[S] a Bcc: x');
  });

  it('chooses the language from the shop setting', () => {
    expect(mailLanguageOf('en')).toBe('en');
    expect(mailLanguageOf('en-US')).toBe('en');
    expect(mailLanguageOf('zh-CN')).toBe('zh-CN');
    expect(mailLanguageOf('')).toBe('zh-CN');
  });
});
