import { html } from './html.js';
import { layout, PageContext } from './layout.view.js';

export function signInPage(ctx: PageContext, next: string, failed?: string) {
  const { t } = ctx;
  return layout(
    ctx,
    t('signInTitle'),
    html`<section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">${t('signInTitle')}</h1>
      ${failed ? html`<p class="alert" role="alert">${failed}</p>` : null}
      <form method="post" action="/staff/login">
        <input type="hidden" name="next" value="${next}" />
        <label for="user_name">${t('userName')}</label>
        <input
          id="user_name"
          name="user_name"
          autocomplete="username"
          required
          maxlength="64"
          autofocus
        />
        <label for="password">${t('password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxlength="128"
        />
        <button type="submit">${t('signIn')}</button>
      </form>
    </section>`,
    { page: 'sign-in' },
  );
}

export function notForRolePage(ctx: PageContext, role: string) {
  const { t } = ctx;
  return layout(
    ctx,
    t('notForRoleTitle'),
    html`<section class="notice" aria-labelledby="notice-title">
      <h1 id="notice-title">${t('notForRoleTitle')}</h1>
      <p>${t('notForRole', { role })}</p>
    </section>`,
    { page: 'notice' },
  );
}

/** A refused action: the service's own words, and the way back. */
export function refusedPage(ctx: PageContext, message: string, back: string) {
  const { t } = ctx;
  return layout(
    ctx,
    t('refusedTitle'),
    html`<section class="notice" aria-labelledby="notice-title">
      <h1 id="notice-title">${t('refusedTitle')}</h1>
      <p class="alert" role="alert">${message}</p>
      <p><a href="${back}">${t('back')}</a></p>
    </section>`,
    { page: 'notice' },
  );
}
