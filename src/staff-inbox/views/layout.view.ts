import { Html, html } from './html.js';
import { LOCALES, Locale, Translate } from './i18n.js';

/** What every staff page knows about its viewer and its request. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  /** The path and query the page was opened at (the language switch links back to it). */
  path: string;
  /** Signed in: the user name and the CSRF token of the session's forms. */
  staff?: { userName: string; csrf: string };
}

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };

export const ASSET_VERSION = '1';

/** The inbox: where /staff/ leads and signing in returns to. */
export const INBOX_PATH = '/staff/inbox';

/**
 * The page shell. No inline script or style anywhere (the CSP forbids them): behaviour comes
 * from /staff/assets/inbox.js, which reads what it needs from `data-` attributes.
 */
export function layout(
  ctx: PageContext,
  title: string,
  main: Html,
  body: Record<string, string | number> = {},
): Html {
  const { t, locale, staff } = ctx;
  const dataAttributes = Object.entries({ ...body, csrf: staff?.csrf ?? '' }).map(
    ([name, value]) => html` data-${name}="${value}"`,
  );
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t('title')}</title>
<link rel="stylesheet" href="/staff/assets/inbox.css?v=${ASSET_VERSION}">
<script src="/staff/assets/inbox.js?v=${ASSET_VERSION}" defer></script>
</head>
<body${dataAttributes}>
<a class="skip" href="#main">${t('skip')}</a>
<header class="topbar">
  <a class="brand" href="${INBOX_PATH}">${t('title')}</a>
  <nav class="topbar-tools" aria-label="${t('language')}">
    ${LOCALES.map((other) =>
      other === locale
        ? html`<span class="lang current" aria-current="true">${LANGUAGE_NAMES[other]}</span>`
        : html`<a class="lang" lang="${other}" href="${withLang(ctx.path, other)}"
            >${LANGUAGE_NAMES[other]}</a
          >`,
    )}
  </nav>
  ${
    staff
      ? html`<span
            class="live-status"
            id="live-status"
            role="status"
            data-on="${t('live')}"
            data-off="${t('liveOff')}"
          ></span>
          <span class="who">${t('signedInAs')} <strong>${staff.userName}</strong></span>
          <form class="sign-out" method="post" action="/staff/logout">
            <input type="hidden" name="csrf" value="${staff.csrf}" />
            <button type="submit">${t('signOut')}</button>
          </form>`
      : null
  }
</header>
<main id="main" tabindex="-1">
${main}
</main>
</body>
</html>`;
}

/** The same page in another language (the `lang` query sets the language cookie). */
function withLang(path: string, locale: Locale): string {
  const url = new URL(path, 'http://page.invalid');
  url.searchParams.set('lang', locale);
  return `${url.pathname}${url.search}`;
}

/** A time: UTC on the server, rewritten in the browser's zone by the script. */
export function timeOf(ctx: PageContext, unixSeconds: number): Html {
  if (!unixSeconds) return html``;
  const date = new Date(unixSeconds * 1000);
  const text = new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return html`<time datetime="${date.toISOString()}">${text} UTC</time>`;
}

/**
 * Quotes and orders are in yuan (amounts are stored in fen). The amount reaches Intl as a
 * decimal string, so no floating point touches it.
 */
export const SHOP_CURRENCY = 'CNY';

export function money(ctx: PageContext, fen: number): string {
  const decimal = `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
  return new Intl.NumberFormat(ctx.locale, {
    style: 'currency',
    currency: SHOP_CURRENCY,
  }).format(decimal as unknown as number);
}
