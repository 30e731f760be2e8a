import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations/migrations.js';
import { AppConfig, loadConfig } from './src/common/config/app-config.js';
import {
  DatabaseEndpoint,
  startEmbeddedPostgres,
} from './src/common/database/embedded-postgres.js';
import { AfterCommitSubscriber } from './src/common/database/after-commit.js';
import { SnakeNamingStrategy } from './src/common/database/snake-naming.strategy.js';
import { ENTITIES } from './src/entities.js';

/**
 * The one TypeORM DataSource definition, used by the app (DatabaseModule), the tests and the
 * TypeORM CLI (`npm run migration:*`). The schema only ever changes through migrations/.
 */
export function dataSourceOptions(
  target: { url: string } | DatabaseEndpoint,
  poolMax: number,
  connectTimeoutMs = 5000,
  /**
   * Streaming replicas: TypeORM's replication, reads defaulting to the primary (only
   * ReadReplicas.read() uses a replica, docs/scaling.md).
   */
  replicaUrls: string[] = [],
): DataSourceOptions {
  const replicated = 'url' in target && replicaUrls.length > 0;
  return {
    type: 'postgres',
    ...(replicated
      ? {
          replication: {
            master: { url: target.url },
            slaves: replicaUrls.map((url) => ({ url })),
            defaultMode: 'master' as const,
          },
        }
      : 'url' in target
        ? { url: target.url }
        : {
            host: target.host,
            port: target.port,
            username: target.user,
            database: target.database,
          }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [AfterCommitSubscriber],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: {
      max: poolMax,
      // Bounds both connecting and waiting for a free slot in a full pool: past it the request
      // answers COMMON.UNAVAILABLE (503, Retry-After) instead of queueing forever.
      connectionTimeoutMillis: connectTimeoutMs,
      // Notice a dead peer (a database host that vanished) instead of waiting on a silent socket.
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    },
  };
}

/** For the CLI: the configured PostgreSQL, or the embedded one under DATA_DIR (started here). */
async function cliDataSource(config: AppConfig = loadConfig()): Promise<DataSource> {
  if (config.databaseUrl) return new DataSource(dataSourceOptions({ url: config.databaseUrl }, 2));
  const embedded = await startEmbeddedPostgres(config.dataDir);
  process.once('beforeExit', () => void embedded.stop());
  return new DataSource(dataSourceOptions(embedded.endpoint, 1));
}

export default process.env.TYPEORM_CLI === '1' ? cliDataSource() : undefined;
