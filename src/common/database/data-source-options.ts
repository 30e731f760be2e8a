import { DataSourceOptions } from 'typeorm';
import { AfterCommitSubscriber } from './after-commit.js';
import { preparingClient } from './prepared-statements.js';
import type { DatabaseEndpoint } from './embedded-postgres.js';
import { ReadPosition } from './entities/read-position.entity.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * What the schema is made of. The app registers each module's entities itself
 * (`TypeOrmModule.forFeature` in the module, gathered by `autoLoadEntities`); the TypeORM CLI
 * passes the full list of src/entities.ts. Both pass migrations/migrations.ts.
 */
export interface SchemaSources {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/** The entities common itself owns. */
export const DATABASE_ENTITIES = [ReadPosition];

/**
 * The one TypeORM DataSource definition, used by the app (DatabaseModule), the tests and the
 * TypeORM CLI (`npm run migration:*`, ormconfig.ts). The schema only ever changes through
 * migrations/.
 */
export function dataSourceOptions(
  schema: SchemaSources,
  target: { url: string } | DatabaseEndpoint,
  poolMax: number,
  connectTimeoutMs = 5000,
  /**
   * Streaming replicas: TypeORM's replication, reads defaulting to the primary (only
   * ReadReplicas.read() uses a replica, docs/scaling.md).
   */
  replicaUrls: string[] = [],
  /** Prepared statements per connection (preparingClient); 0 = every statement unnamed. */
  preparedStatements = 0,
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
    entities: schema.entities,
    migrations: schema.migrations,
    subscribers: [AfterCommitSubscriber],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: {
      max: poolMax,
      ...(preparedStatements > 0 ? { Client: preparingClient(preparedStatements) } : {}),
      // Bounds both connecting and waiting for a free slot in a full pool: past it the request
      // answers COMMON.UNAVAILABLE (503, Retry-After) instead of queueing forever.
      connectionTimeoutMillis: connectTimeoutMs,
      // Notice a dead peer (a database host that vanished) instead of waiting on a silent socket.
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    },
  };
}
