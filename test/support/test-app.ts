import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/common/config/app-config.js';
import { JsonLogger } from '../../src/common/logging/json-logger.js';
import { createApp } from '../../src/configure-app.js';
import { createTestDatabase } from './database.js';
import { ApiClient } from './api-client.js';
import { ResponseSchemas } from './response-schemas.js';
import { buildOpenApiDocument } from '../../src/configure-app.js';

export interface TestApp {
  app: NestFastifyApplication;
  api: ApiClient;
  dataSource: DataSource;
  baseUrl: string;
  /** The PostgreSQL database (undefined on PGlite): pass it to start a second instance. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/**
 * Boots the real app (same createApp/configureApp as main.ts, real migrations) on a random port
 * with its own database: a fresh PostgreSQL database, or in-memory PGlite when no server is
 * reachable. Requests go over real HTTP.
 *
 * `databaseUrl` starts a second instance on another app's database (several instances sharing
 * one PostgreSQL, as in production); that database is then left for its owner to drop.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    embedded?: boolean;
    databaseUrl?: string;
    /** Rewrites the database URL the app uses, e.g. to reach it through a TcpProxy. */
    routeDatabase?: (url: string) => string;
  } = {},
): Promise<TestApp> {
  // `embedded`: no DATABASE_URL, so the app starts PGlite itself (DATA_DIR decides where).
  const usePostgres =
    !options.embedded && !options.databaseUrl && process.env.TEST_DB_MODE !== 'pglite';
  const database = usePostgres ? await createTestDatabase() : undefined;
  const databaseUrl = options.databaseUrl ?? database?.url;
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    SEED_DEMO: 'false',
    DATA_DIR: 'memory://',
    // Scheduled jobs stay off; tests run them with runOnce().
    ORDER_JOBS_INTERVAL_SECONDS: '0',
    COMM_JOBS_INTERVAL_SECONDS: '0',
    // Event consumers and outbox workers too: a test that wants the background path (woken on
    // commit, as in production) sets EVENT_WORKERS=true.
    EVENT_WORKERS: 'false',
    // An unpaid payment check waits 2 s, not 20 (tests that wait for a payment set their own).
    PAYMENT_CHECK_WAIT_SECONDS: '2',
    PAYMENT_CHECK_INTERVAL_MS: '100',
    SHUTDOWN_DRAIN_MS: '0',
    CLEANUP_INTERVAL_SECONDS: '0',
    ...(databaseUrl
      ? {
          DATABASE_URL: options.routeDatabase?.(databaseUrl) ?? databaseUrl,
          DATABASE_POOL_MAX: '10',
        }
      : {}),
    ...env,
  });
  const app = await createApp(config, new JsonLogger(config.logLevel));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    api: new ApiClient(baseUrl, responseSchemas(app)),
    dataSource: app.get(DataSource),
    baseUrl,
    databaseUrl,
    async close() {
      await app.close();
      await database?.drop();
    },
  };
}

/** The app's own OpenAPI document, compiled for checking answers (built once per process). */
let schemas: ResponseSchemas | undefined;
function responseSchemas(app: NestFastifyApplication): ResponseSchemas {
  schemas ??= new ResponseSchemas(buildOpenApiDocument(app));
  return schemas;
}
