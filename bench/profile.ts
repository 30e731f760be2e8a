import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/common/config/app-config.js';
import { JsonLogger } from '../src/common/logging/json-logger.js';
import { createApp } from '../src/configure-app.js';
import { AdminAccountService } from '../src/users/services/admin-account.service.js';

/**
 * A small, bounded load on the cheap routes, in this process, for a CPU profile of the server:
 *
 *     npm run build && node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/profile.js
 *
 * Each route gets PROFILE_REQUESTS requests (default 2000), 8 at a time, over loopback, on a
 * throwaway database of the local PostgreSQL (BENCH_DATABASE_URL). The load shares the server's
 * event loop, so the profile also shows the client; read the server's functions in it.
 * PROFILE_ROUTES (comma-separated paths, e.g. `/api/user/detail,/api/order/detail`) profiles only
 * those routes.
 */
const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 2000);
const CONCURRENCY = 8;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function api(base: string, path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { code: number; msg: string; data: any };
  if (json.code !== 0) throw new Error(`${path}: ${json.msg}`);
  return json.data;
}

async function main(): Promise<void> {
  const name = `profile_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    SEED_DEMO: 'false',
    DATA_DIR: 'memory://',
    ORDER_JOBS_INTERVAL_SECONDS: '0',
    DATABASE_URL: url.toString(),
  });
  const app = await createApp(config, new JsonLogger('error'));
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await app.get(AdminAccountService).ensureAdmin('profile-admin', 'profile-password');
    const staff = await api(
      base,
      '/system/api/login',
      { user_name: 'profile-admin', password: 'profile-password' },
      {},
    );
    const goods = await api(
      base,
      '/system/api/archive/detail',
      { title: 'Profile suit', price: 9900, stock: 1_000_000, status: 1 },
      { admin: staff.token },
    );
    const user = await api(base, '/api/register', { user_name: name, password: 'secret123' }, {});
    const token = { token: user.token as string };
    const request = await api(
      base,
      '/api/communication/order/create',
      { archive_id: goods.id, title: 'Made to measure', content: 'Size 52', phone: '13800000000' },
      token,
    );
    const order = await api(base, '/api/order/create', { goods_id: goods.id, quantity: 1 }, token);
    await app.get(DataSource).query('ANALYZE');

    const routes: { path: string; headers: Record<string, string>; body?: unknown }[] = [
      { path: '/api/user/detail', headers: token },
      { path: '/api/archive/list', headers: {} },
      { path: `/api/archive/detail?id=${goods.id}`, headers: {} },
      { path: `/api/order/detail?order_id=${order.order_id}`, headers: token },
      { path: '/api/communication/orders', headers: token },
      { path: `/api/communication/order/detail?id=${request.id}`, headers: token },
      { path: `/api/communication/messages?comm_order_id=${request.id}`, headers: token },
      { path: '/system/api/communication/order/list', headers: { admin: staff.token } },
      {
        path: '/api/communication/message/send',
        headers: token,
        body: { comm_order_id: request.id, message_type: 'text', content: 'hello' },
      },
    ];
    const only = process.env.PROFILE_ROUTES?.split(',');
    for (const route of routes) {
      if (only && !only.some((path) => route.path.split('?')[0] === path)) continue;
      let next = 0;
      let errors = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS) {
            next++;
            const response = await fetch(base + route.path, {
              method: route.body === undefined ? 'GET' : 'POST',
              headers:
                route.body === undefined
                  ? route.headers
                  : { 'content-type': 'application/json', ...route.headers },
              body: route.body === undefined ? undefined : JSON.stringify(route.body),
            });
            const text = await response.text();
            if (!text.startsWith('{"code":0')) errors++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${route.path.split('?')[0]}: ${Math.round(REQUESTS / seconds)} req/s, ${errors} errors\n`,
      );
    }
  } finally {
    await app.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
