import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeInBrowser } from '../support/browser.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Swagger UI opened in a real browser the way a deployment is reached: a host name that is not
 * localhost, over plain HTTP (an internal network). The name is mapped to 127.0.0.1 inside
 * Chromium (`--host-resolver-rules`), so the traffic never leaves the loopback interface.
 *
 * Needs Debian's `chromium` (`.ci/run` installs it). Without it the test is skipped with a
 * message, unless REQUIRE_BROWSER=1 (set by CI once the browser is installed) makes it fail.
 */
const HOST = 'shop.internal';

describeInBrowser('Swagger UI in a real browser (e2e)', () => {
  let t: TestApp;
  let userDataDir: string;

  beforeAll(async () => {
    t = await startTestApp();
    userDataDir = mkdtempSync(join(tmpdir(), 'swagger-chromium-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('renders every operation under a non-localhost host over HTTP, and Try it out shows the envelope', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce(
      (sum, item) => sum + Object.keys(item).length,
      0,
    );
    const port = new URL(t.baseUrl).port;

    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    });
    try {
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on('requestfailed', (request) => blocked.push(request.url()));
      await page.goto(`http://${HOST}:${port}/docs`, { waitUntil: 'load' });
      // Swagger UI virtualizes long documents (only what is near the viewport is in the DOM):
      // scroll through the page and collect every operation that was rendered on the way.
      await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
      const seen = new Set<string>();
      for (let step = 0; step < 400; step++) {
        for (const id of await page
          .locator('.opblock')
          .evaluateAll((blocks) => blocks.map((block) => block.id)))
          seen.add(id);
        const atBottom = await page.evaluate<boolean>(
          `window.scrollBy(0, window.innerHeight / 2);
           window.innerHeight + window.scrollY >= document.body.scrollHeight - 2`,
        );
        await page.waitForTimeout(30);
        if (atBottom && step > 0) break;
      }
      for (const id of await page
        .locator('.opblock')
        .evaluateAll((blocks) => blocks.map((block) => block.id)))
        seen.add(id);
      await page.evaluate('window.scrollTo(0, 0)');
      const rendered = seen.size;
      expect({ rendered, blocked }).toEqual({ rendered: operations, blocked: [] });

      const operation = page.locator('.opblock-get', {
        has: page.locator('[data-path="/api/archive/list"]'),
      });
      // Virtualized: scroll until the operation is rendered, letting each step render (scrolling
      // faster than Swagger UI draws passed over it once the document grew).
      for (let step = 0; step < 400 && !(await operation.count()); step++) {
        await page.evaluate('window.scrollBy(0, window.innerHeight / 2)');
        await page.waitForTimeout(30);
      }
      await operation.locator('.opblock-summary').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.getByRole('button', { name: 'Execute' }).click();
      const shown = operation.locator('.live-responses-table .response-col_description pre');
      await shown.first().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(tmpdir(), 'swagger-ui.png'), fullPage: false });
      const body = JSON.parse(await shown.first().innerText()) as Record<string, unknown>;
      expect(body).toMatchObject({ code: 0, msg: '', data: expect.any(Array) });
      expect(body).toHaveProperty('total');
      // The request really went to the host name the page was opened under (Swagger UI adds
      // the documented example filters as query parameters).
      const requestUrl = await operation.locator('.request-url pre').innerText();
      expect(requestUrl.startsWith(`http://${HOST}:${port}/api/archive/list`)).toBe(true);
    } finally {
      await context.close();
    }
  }, 90_000);
});
