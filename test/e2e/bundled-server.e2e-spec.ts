import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniqueName } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { ApiClient } from '../support/api-client.js';
import { buildIfStale, ServerProcess, startServerProcess } from '../support/server-process.js';
import { startTestApp, TEST_JWT_SECRET } from '../support/test-app.js';

/**
 * The production start (`node dist/src/main.js`) runs the server as one bundle
 * (scripts/bundle.mjs) on the embedded database that main.js starts before loading it. The rest
 * of the suite runs the TypeScript sources; this file checks that the bundle is the same server:
 * the same OpenAPI document (class names, decorators and their metadata survive bundling), files
 * found beside their modules (Swagger UI, the staff pages' assets, mail templates, the database
 * worker), a write and a read through the API, and a clean stop and restart that keep the data.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { user_name: uniqueName('ops'), password: 'ops-password-1' };

function startBundledServer(dataDir: string): Promise<ServerProcess> {
  return startServerProcess(['dist/src/main.js'], {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_USER_NAME: ADMIN.user_name,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    ORDER_JOBS_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'log',
    LOG_FORMAT: 'json',
    SHUTDOWN_DRAIN_MS: '0',
  });
}

/** The `startup` line the server logs once listening (just after "listening on"). */
async function startupLine(
  server: ServerProcess,
): Promise<{ bundled: boolean; phases: Record<string, number> }> {
  for (let tries = 0; tries < 100; tries++) {
    const line = server
      .output()
      .split('\n')
      .find((text) => text.includes('"msg":"startup"'));
    if (line) return JSON.parse(line) as { bundled: boolean; phases: Record<string, number> };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no startup line:\n${server.output()}`);
}

async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('the bundled server (e2e)', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    buildIfStale();
    dataDir = mkdtempSync(join(tmpdir(), 'bundled-server-'));
  }, 240_000);

  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('points every import.meta.url in the bundle at a file that exists', () => {
    const bundle = readFileSync(join(ROOT, 'dist/src/server.bundle.mjs'), 'utf8');
    const own = [...bundle.matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)].map((m) => m[1]);
    expect(own).toEqual(
      expect.arrayContaining([
        './notifications/mail-template.js',
        './staff-inbox/controllers/staff-assets.controller.js',
      ]),
    );
    for (const file of own)
      expect([file, existsSync(join(ROOT, 'dist/src', file))]).toEqual([file, true]);
    // The only other import.meta.url is the banner's require() for CommonJS packages.
    const bare = bundle.split('import.meta.url').length - 1 - own.length;
    expect(bare).toBe(1);
  });

  it('holds no package that also loads from node_modules when it runs', () => {
    // A package some package loads through createRequire (invisible to the bundler) would exist
    // twice, its state split: TypeORM's, class-transformer's metadata (scripts/bundle.mjs).
    const script = [
      "import { createRequire } from 'node:module';",
      `await import(${JSON.stringify(join(ROOT, 'dist/src/server.bundle.mjs'))});`,
      `const cache = createRequire(${JSON.stringify(join(ROOT, 'dist/src/x.js'))}).cache;`,
      'const names = Object.keys(cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]);',
      'process.stdout.write(JSON.stringify([...new Set(names.filter(Boolean))]));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const atRunTime = JSON.parse(run.stdout) as string[];
    const { bundledPackages } = JSON.parse(
      readFileSync(join(ROOT, 'dist/src/server.bundle.json'), 'utf8'),
    ) as { bundledPackages: string[] };
    // Both lists are real: the framework is bundled, TypeORM loads from node_modules.
    expect(bundledPackages).toEqual(expect.arrayContaining(['@nestjs/core', 'fastify']));
    expect(atRunTime).toEqual(expect.arrayContaining(['typeorm', 'class-transformer']));
    expect(bundledPackages.filter((name) => atRunTime.includes(name))).toEqual([]);
  });

  it('starts bundled and answers as the sources do', async () => {
    server = await startBundledServer(dataDir);
    expect((await startupLine(server)).bundled).toBe(true);
    const api = new ApiClient(server.baseUrl);

    const sources = await startTestApp();
    try {
      const fromSources = await (await fetch(`${sources.baseUrl}/docs-json`)).json();
      const fromBundle = await (await fetch(`${server.baseUrl}/docs-json`)).json();
      expect(fromBundle).toEqual(fromSources);
      // Validation and conversion (class-validator, class-transformer) answer alike.
      const probes: [string, string, unknown?][] = [
        ['POST', '/api/register', { user_name: 5, password: ['x'] }],
        ['POST', '/api/login', {}],
        ['GET', '/api/archive/list?limit=abc&page=-1'],
        ['GET', '/api/archive/list?limit=2&page=1&order=id%20desc'],
        ['GET', '/api/archive/detail?id=1e3'],
      ];
      for (const [method, path, body] of probes) {
        const ask = async (baseUrl: string) => {
          const res = await fetch(`${baseUrl}${path}`, {
            method,
            headers: body ? { 'content-type': 'application/json' } : {},
            body: body ? JSON.stringify(body) : undefined,
          });
          return { status: res.status, body: await res.json() };
        };
        expect([path, await ask(server.baseUrl)]).toEqual([path, await ask(sources.baseUrl)]);
      }
    } finally {
      await sources.close();
    }

    const ui = await fetch(`${server.baseUrl}/docs/swagger-ui-init.js`);
    expect([ui.status, (await ui.text()).length > 1000]).toEqual([200, true]);
    const script = await fetch(`${server.baseUrl}/staff/assets/inbox.js`);
    expect(await script.text()).toBe(
      readFileSync(join(ROOT, 'src/staff-inbox/assets/inbox.js'), 'utf8'),
    );

    const staff = await api.post('/system/api/login', ADMIN);
    expect(staff.body.code).toBe(0);
    const goods = await createGoods(api, staff.body.data.token as string, { stock: 5 });
    const customer = { user_name: uniqueName(), password: 'secret123' };
    const token = (await api.post('/api/register', customer)).body.data.token as string;
    const created = await api.post('/api/order/create', { goods_id: goods.id }, { token });
    expect(created.body.code).toBe(0);
    const list = await api.get('/api/orders', { token });
    expect(list.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([
      created.body.data.order_id,
    ]);

    // A clean stop releases the directory; the next start finds the data.
    expect(await stop(server)).toBe(0);
    expect(existsSync(join(dataDir, 'pgdata.lock'))).toBe(false);
    server = await startBundledServer(dataDir);
    expect((await startupLine(server)).bundled).toBe(true);
    const restarted = new ApiClient(server.baseUrl);
    const again = (await restarted.post('/api/login', customer)).body.data.token as string;
    const orders = await restarted.get('/api/orders', { token: again });
    expect(orders.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([
      created.body.data.order_id,
    ]);
    expect(await stop(server)).toBe(0);
  }, 120_000);
});
