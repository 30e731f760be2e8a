import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { CHROMIUM, CHROMIUM_ARGS, describeInBrowser } from '../support/browser.js';
import { solidPng } from '../support/png.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * The staff inbox (/staff/, docs/staff-inbox.md) in a real browser: sign in, the inbox, a thread,
 * replying and quoting through the forms, live updates over the event stream, the refusals
 * (CSRF, origin, customer token, role) and accessibility (axe). Writes the screenshots in
 * docs/images/ that the docs show.
 *
 * Needs Debian's `chromium`, as the Swagger UI browser test does: without it the test is skipped
 * with a message, unless REQUIRE_BROWSER=1 makes it fail.
 */
const SCREENSHOTS = join(process.cwd(), 'docs', 'images');

describeInBrowser('Staff inbox in a real browser (e2e)', () => {
  let t: TestApp;
  let browser: Browser;
  let service: TestAdmin;
  let customer: TestCustomer;
  let goods: TestGoods;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    service = await createAdmin(t, 'service');
    customer = await registerCustomer(t.api);
    // English names and local images: the screenshots need neither CJK fonts nor the network.
    goods = await createGoodsOnSale(t, {
      title: 'Made-to-measure dress',
      thumb: await uploadImage(customer.token, [214, 160, 90]),
    });
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser profile whose requests never leave the test server. */
  async function newPage(width = 1280, height = 860): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height },
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(context);
    await context.route(
      (url) => url.origin !== new URL(t.baseUrl).origin,
      (route) => route.abort(),
    );
    return context.newPage();
  }

  async function signIn(page: Page, admin: TestAdmin): Promise<void> {
    await page.goto(`${t.baseUrl}/staff/`);
    await page.getByLabel('User name').fill(admin.userName);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/staff\/inbox/);
  }

  async function uploadImage(token: string, rgb: [number, number, number]): Promise<string> {
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(solidPng(160, 160, rgb))], { type: 'image/png' }),
      'sample.png',
    );
    const res = await fetch(`${t.baseUrl}/api/attachment/upload`, {
      method: 'POST',
      headers: { token },
      body: form,
    });
    const body = (await res.json()) as { code: number; data: { url: string } };
    if (body.code !== 0) throw new Error(`upload failed: ${JSON.stringify(body)}`);
    return body.data.url;
  }

  async function customerSays(order: { id: number }, content: string, who = customer) {
    const res = await t.api.post(
      '/api/communication/message/send',
      { comm_order_id: order.id, message_type: 'text', content },
      { token: who.token },
    );
    expect(res.body.code).toBe(0);
  }

  const openRequest = (title: string, extra: Record<string, unknown> = {}) =>
    createCommOrder(t.api, customer, goods.id, {
      title,
      content: 'Details in the messages.',
      images: [],
      ...extra,
    });

  const unreadOf = (page: Page, id: number) =>
    page.locator(`#inbox-list [data-request-id="${id}"] .unread-count`).getAttribute('data-unread');

  async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(serious).toEqual([]);
  }

  it('signs in, shows a request with its unread count, opens it, replies and quotes; the customer API sees both', async () => {
    const image = await uploadImage(customer.token, [90, 140, 214]);
    const shirt = await openRequest('Linen shirt with a monogram');
    await customerSays(shirt, 'Initials “JW” on the left cuff, please.');
    await openRequest('Oak table, 180 cm');
    const order = await openRequest('Wedding dress, size 38', {
      images: [image],
      content: 'Ivory silk, size 38. Needed for a wedding on 3 May.',
    });
    await customerSays(order, 'Can the sleeves be lace?');
    await customerSays(order, 'And delivery before 1 May?');

    const page = await newPage();
    await page.goto(`${t.baseUrl}/staff/`);
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expectNoSeriousViolations(page, 'sign-in');
    await signIn(page, service);

    const row = page.locator(`#inbox-list [data-request-id="${order.id}"]`);
    await expect(row.textContent()).resolves.toContain('Wedding dress, size 38');
    await expect(row.textContent()).resolves.toContain(customer.userName);
    await expect(row.textContent()).resolves.toContain(goods.title);
    await expect(unreadOf(page, order.id)).resolves.toBe('2');
    await expectNoSeriousViolations(page, 'inbox');
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-inbox-1280.png') });

    // Keys: j / k move between requests (newest activity first), Enter opens.
    const focusedRequest = () =>
      page.evaluate(
        "document.activeElement && document.activeElement.closest('[data-request-id]') && document.activeElement.closest('[data-request-id]').dataset.requestId",
      );
    await page.keyboard.press('j');
    await expect(focusedRequest()).resolves.toBe(String(order.id));
    await page.keyboard.press('j');
    await expect(focusedRequest()).resolves.not.toBe(String(order.id));
    await page.keyboard.press('k');
    await expect(focusedRequest()).resolves.toBe(String(order.id));

    // Filters: unread only leaves out the request nobody wrote in.
    await page.getByLabel('Unread only').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/unread=1/);
    const listed = await page
      .locator('#inbox-list [data-request-id]')
      .evaluateAll((rows) =>
        rows.map((row) => (row as unknown as { dataset: { requestId: string } }).dataset.requestId),
      );
    expect(listed).toEqual([String(order.id), String(shirt.id)]);

    await page.locator(`#inbox-list [data-request-id="${order.id}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/staff/requests/${order.id}`));
    const log = page.getByRole('log');
    await expect(log.textContent()).resolves.toContain('Can the sleeves be lace?');
    // Opening it marked it read for staff.
    const detail = await t.api.get('/system/api/communication/order/detail', {
      admin: service.token,
      query: { id: order.id },
    });
    expect(detail.body.data.unread_count).toBe(0);

    await page.getByLabel('Reply').fill('Yes, lace sleeves are possible.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await log.getByText('Yes, lace sleeves are possible.').waitFor({ timeout: 5000 });
    // Focus is back in the reply box, which is empty for the next message.
    await expect(
      page.evaluate('document.activeElement && document.activeElement.id'),
    ).resolves.toBe('reply');
    await expect(page.getByLabel('Reply').inputValue()).resolves.toBe('');

    await page.getByLabel('Price').fill('1280.50');
    await expect(page.getByLabel('Quantity').inputValue()).resolves.toBe('1');
    await page.getByLabel('Expires').fill('2099-05-01');
    await page.getByLabel('Note').fill('Lace sleeves, delivery by 28 April.');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Send quote' }).click(),
    ]);
    const card = page.getByRole('article', { name: 'Quote v1' });
    await expect(card.textContent()).resolves.toContain('1,280.50');
    await expect(card.textContent()).resolves.toContain('Waiting for the customer');
    await expectNoSeriousViolations(page, 'thread');
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-thread-1280.png') });

    const seen = await t.api.get('/api/communication/messages', {
      token: customer.token,
      query: { comm_order_id: order.id },
    });
    const fromStaff = (
      seen.body.data as {
        sender_type: string;
        message_type: string;
        content: string;
        quote_version: number;
      }[]
    ).filter((m) => m.sender_type !== 'user' && m.sender_type !== 'system');
    expect(fromStaff.map((m) => [m.message_type, m.content])).toEqual([
      ['text', 'Yes, lace sleeves are possible.'],
      ['quote', 'Lace sleeves, delivery by 28 April.'],
    ]);
    const mine = await t.api.get('/api/communication/order/detail', {
      token: customer.token,
      query: { id: order.id },
    });
    expect(mine.body.data).toMatchObject({
      status: 2,
      quote_price: '1280.50',
      quote_amount: 128050,
    });
    // Valid until the end of 1 May in the browser's zone (Asia/Shanghai, UTC+8).
    expect(mine.body.data.quote_valid_until).toBe(Date.UTC(2099, 4, 1, 15, 59, 59) / 1000);

    // The customer accepts: the open thread shows the shop order and the quote as accepted.
    const accepted = await t.api.post(
      '/api/communication/order/accept',
      {
        id: order.id,
        quote_version: 1,
        address: {
          name: 'Jane Doe',
          phone: '13888888888',
          province: 'Zhejiang',
          city: 'Hangzhou',
          address_info: '1 West Lake Road',
        },
      },
      { token: customer.token },
    );
    expect(accepted.body.code).toBe(0);
    await page
      .locator('#thread-summary .order-number', { hasText: accepted.body.data.order_id })
      .waitFor({ timeout: 5000 });
    await expect(page.locator('#thread-summary').textContent()).resolves.toContain(
      'Waiting for payment',
    );
    await card.filter({ hasText: 'Accepted' }).waitFor({ timeout: 5000 });

    // Phone width: the same pages, one column.
    const phone = await newPage(390, 844);
    await signIn(phone, service);
    await phone.screenshot({ path: join(SCREENSHOTS, 'staff-inbox-390.png') });
    await phone.goto(`${t.baseUrl}/staff/requests/${order.id}`);
    await phone.screenshot({ path: join(SCREENSHOTS, 'staff-thread-390.png') });
    const overflow = await phone.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }, 90_000);

  it('shows a customer message in the open thread and moves the inbox unread count live', async () => {
    const open = await openRequest('Engraved ring');
    const other = await openRequest('Leather wallet');
    const page = await newPage();
    await signIn(page, service);
    await page.goto(`${t.baseUrl}/staff/requests/${open.id}`);
    await page.locator('#live-status:not(.off):not(:empty)').waitFor({ timeout: 5000 });
    await expect(unreadOf(page, other.id)).resolves.toBe('0');

    const sentAt = Date.now();
    await customerSays(open, 'Please engrave “A & B” inside.');
    await page
      .getByRole('log')
      .getByText('Please engrave “A & B” inside.')
      .waitFor({ timeout: 2000 });
    await customerSays(other, 'Brown or black?');
    await page
      .locator(`#inbox-list [data-request-id="${other.id}"] .unread-count[data-unread="1"]`)
      .waitFor({ timeout: 2000 });
    expect(Date.now() - sentAt).toBeLessThan(4000);
  }, 60_000);

  it('sends an image (uploaded, shown as a thumbnail opening full size) and cancels the request', async () => {
    const order = await openRequest('Embroidered cushion');
    await customerSays(order, 'Could you show me the colour first?');
    const page = await newPage();
    await signIn(page, service);
    await page.goto(`${t.baseUrl}/staff/requests/${order.id}`);
    await page.getByLabel('Image').setInputFiles({
      name: 'swatch.png',
      mimeType: 'image/png',
      buffer: solidPng(120, 80, [160, 40, 60]),
    });
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Send image' }).click(),
    ]);
    const thumb = page.getByRole('log').locator('a.thumb-link img');
    await thumb.waitFor({ timeout: 5000 });
    const href = await page.getByRole('log').locator('a.thumb-link').getAttribute('href');
    expect(href).toMatch(/^\/uploads\/.+\.png$/);
    expect((await fetch(`${t.baseUrl}${href}`)).headers.get('content-type')).toBe('image/png');
    const seen = await t.api.get('/api/communication/messages', {
      token: customer.token,
      query: { comm_order_id: order.id },
    });
    expect(seen.body.data.at(-1)).toMatchObject({ message_type: 'image', content: href });

    await page.getByLabel('Reason').fill('The customer chose a ready-made cushion.');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
      page.getByRole('button', { name: 'Cancel the request' }).click(),
    ]);
    await expect(page.locator('.thread-head .status').textContent()).resolves.toBe('Cancelled');
    // A cancelled request takes no messages and no quote: the forms are gone.
    expect(await page.getByLabel('Reply').count()).toBe(0);
    expect(await page.getByLabel('Price').count()).toBe(0);
    const detail = await t.api.get('/api/communication/order/detail', {
      token: customer.token,
      query: { id: order.id },
    });
    expect(detail.body.data).toMatchObject({
      status: -1,
      cancel_reason: 'The customer chose a ready-made cushion.',
    });
  }, 60_000);

  it('keeps what staff are typing when a live update redraws the forms', async () => {
    const order = await openRequest('Walnut frame');
    const page = await newPage();
    await signIn(page, service);
    await page.goto(`${t.baseUrl}/staff/requests/${order.id}`);
    await page.locator('#live-status:not(.off):not(:empty)').waitFor({ timeout: 5000 });
    await page.getByLabel('Price').fill('88.00');
    await page.getByLabel('Reply').fill('Half typed');
    // The customer edits the request: the summary and the forms are drawn again, live.
    const updated = await t.api.post(
      '/api/communication/order/update',
      { id: order.id, title: 'Walnut frame, 30 x 40' },
      { token: customer.token },
    );
    expect(updated.body.code).toBe(0);
    await page
      .locator('#thread-summary', { hasText: 'Walnut frame, 30 x 40' })
      .waitFor({ timeout: 5000 });
    await expect(page.getByLabel('Price').inputValue()).resolves.toBe('88.00');
    await expect(page.getByLabel('Reply').inputValue()).resolves.toBe('Half typed');
  });

  it('renders hostile customer text as text', async () => {
    const hostile = [
      '<script>window.__pwned = 1</script>',
      '<img src=x onerror="window.__pwned = 2">',
      '<a href="javascript:window.__pwned = 3">click me</a> javascript:alert(1)',
    ];
    const order = await openRequest('<b>bold</b> <script>window.__pwned = 4</script>', {
      content: '<img src=x onerror="window.__pwned = 5">',
    });
    for (const text of hostile) await customerSays(order, text);
    const page = await newPage();
    await signIn(page, service);
    await page.goto(`${t.baseUrl}/staff/requests/${order.id}`);
    const log = page.getByRole('log');
    for (const text of hostile)
      await log.getByText(text, { exact: true }).waitFor({ timeout: 2000 });
    await expect(page.locator('#thread-title').textContent()).resolves.toBe(
      '<b>bold</b> <script>window.__pwned = 4</script>',
    );
    expect(
      await page.locator('main script, main img[src="x"], main a[href^="javascript"]').count(),
    ).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  }, 60_000);

  it('refuses a form without the CSRF token or from another origin, and a customer token', async () => {
    const order = await openRequest('Silk scarf');
    const page = await newPage();
    await signIn(page, service);
    await page.goto(`${t.baseUrl}/staff/requests/${order.id}`);
    const csrf = await page.locator('#reply-form input[name="csrf"]').inputValue();
    const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      page.request.post(`${t.baseUrl}/staff/requests/${order.id}/reply`, {
        form,
        headers,
        maxRedirects: 0,
      });

    expect((await post({ content: 'no token' })).status()).toBe(403);
    expect((await post({ content: 'wrong token', csrf: 'x'.repeat(csrf.length) })).status()).toBe(
      403,
    );
    expect(
      (await post({ content: 'other site', csrf }, { origin: 'https://evil.example' })).status(),
    ).toBe(403);
    expect(
      (await post({ content: 'other site', csrf }, { 'sec-fetch-site': 'cross-site' })).status(),
    ).toBe(403);
    expect((await post({ content: 'with token', csrf })).status()).toBe(303);
    const thread = await t.api.get('/api/communication/messages', {
      token: customer.token,
      query: { comm_order_id: order.id },
    });
    expect((thread.body.data as { content: string }[]).map((m) => m.content)).toContain(
      'with token',
    );
    expect((thread.body.data as { content: string }[]).map((m) => m.content)).not.toContain(
      'no token',
    );

    // A customer token (header or cookie) is no staff login: the page sends to sign-in.
    const customerLogins: Record<string, string>[] = [
      { token: customer.token },
      { cookie: `token=${customer.token}` },
    ];
    for (const headers of customerLogins) {
      const res = await fetch(`${t.baseUrl}/staff/inbox`, { headers, redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/staff\/login/);
    }
    // The staff API never takes the page's cookie.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'staff_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/staff/' });
    const api = await t.api.get('/system/api/communication/order/list', {
      headers: { cookie: `staff_session=${session.value}` },
    });
    expect(api.body.code).toBe(1001);
    // The pages' CSP allows no inline script.
    const res = await fetch(`${t.baseUrl}/staff/login`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  }, 60_000);

  it('shows a fulfilment account the "not for your role" page, and ends a session when the role changes or the account is disabled', async () => {
    const fulfilment = await createAdmin(t, 'fulfilment');
    const page = await newPage();
    await page.goto(`${t.baseUrl}/staff/`);
    await page.getByLabel('User name').fill(fulfilment.userName);
    await page.getByLabel('Password').fill(fulfilment.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Not for your role' }).waitFor({ timeout: 5000 });

    const colleague = await createAdmin(t, 'service');
    const other = await newPage();
    await signIn(other, colleague);
    await t.dataSource.query(`UPDATE admins SET role = 'finance' WHERE id = $1`, [colleague.id]);
    await other.reload();
    await other.getByRole('heading', { name: 'Not for your role' }).waitFor({ timeout: 5000 });
    await t.dataSource.query(`UPDATE admins SET role = 'service', status = 0 WHERE id = $1`, [
      colleague.id,
    ]);
    await other.reload();
    await other.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 5000 });
  }, 60_000);

  it('speaks Chinese from Accept-Language, and the switch changes it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/staff/login`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.getByLabel('用户名').waitFor();
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByLabel('User name').waitFor();
  }, 30_000);
});

mkdirSync(SCREENSHOTS, { recursive: true });
