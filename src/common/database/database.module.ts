import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { DATABASE_ENTITIES, dataSourceOptions, SchemaSources } from './data-source-options.js';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';
import { markStartup } from '../lifecycle/startup-marks.js';
import { ReadReplicas } from './read-replicas.service.js';
import { RecordWritesInterceptor } from './record-writes.interceptor.js';

/** What the rest of the app may know about where its data lives. */
export class DatabaseInfo {
  constructor(
    readonly embedded: boolean,
    /** The embedded data directory was empty at this start (first run). */
    readonly freshlyCreated: boolean,
  ) {}
}

// Any fixed 64-bit key; serialises migration runs of several instances starting at once.
const MIGRATION_LOCK_KEY = 724_190_001;

function logMigrations(logger: Logger, ran: { name: string }[]): void {
  logger.log(
    ran.length
      ? `applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`
      : 'schema up to date, no migration to apply',
  );
}

async function runMigrations(dataSource: DataSource, useAdvisoryLock: boolean): Promise<void> {
  const logger = new Logger('Migrations');
  if (!useAdvisoryLock) {
    logMigrations(logger, await dataSource.runMigrations({ transaction: 'each' }));
    return;
  }
  // The lock lives on its own connection while TypeORM migrates through the pool's others.
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    logMigrations(logger, await dataSource.runMigrations({ transaction: 'each' }));
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockRunner.release();
  }
}

/**
 * TypeORM connects each replica's pool at start and fails the start when one does not answer; a
 * replica that is down must only be skipped (ReadReplicas), so its pool is created unchecked.
 */
function toleratesDownReplicas(dataSource: DataSource): void {
  const options = dataSource.options as { replication?: { slaves: object[] } };
  if (!options.replication) return;
  const driver = dataSource.driver as unknown as {
    createPool(options: object, credentials: object): Promise<unknown>;
    postgres: { Pool: new (options: object) => { on(event: string, f: () => void): void } };
  };
  const createPool = driver.createPool.bind(driver);
  const logger = new Logger('Database');
  driver.createPool = async (poolOptions: object, credentials: object) => {
    const replica = options.replication!.slaves.indexOf(credentials);
    try {
      return await createPool(poolOptions, credentials);
    } catch (error) {
      if (replica < 0) throw error;
      logger.warn({
        msg: 'replica unreachable at start; its reads go to the primary until it answers',
        replica: `replica_${replica + 1}`,
      });
      const extra = (poolOptions as { extra?: object }).extra ?? {};
      const pool = new driver.postgres.Pool({
        connectionString: (credentials as { url: string }).url,
        ...extra,
      });
      pool.on('error', () => undefined);
      return pool;
    }
  };
}

/**
 * PGlite runs on its own thread; if that thread ends (a WASM abort), every query fails from then
 * on. The process exits so its supervisor restarts it; the data directory recovers on that start.
 */
function exitWhenLost(embedded: EmbeddedPostgres): void {
  void embedded.lost.then((reason) => {
    new Logger('Database').fatal(
      `the embedded database stopped unexpectedly (${reason.message}); exiting so the server is restarted`,
    );
    process.exit(1);
  });
}

@Global()
@Module({})
export class DatabaseModule {
  /**
   * `migrations`: the app's migrations (migrations/migrations.ts), passed in by the app module.
   * Entities are not listed here: each module registers its own with
   * `TypeOrmModule.forFeature([...])`, gathered by `autoLoadEntities`.
   */
  static forRoot({ migrations }: Pick<SchemaSources, 'migrations'>): DynamicModule {
    let embedded: EmbeddedPostgres | undefined;
    let usesExternalServer = true;
    const schema: SchemaSources = { entities: DATABASE_ENTITIES, migrations };
    const withModuleEntities = (options: DataSourceOptions): TypeOrmModuleOptions => ({
      ...options,
      autoLoadEntities: true,
    });

    const typeOrm = TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<TypeOrmModuleOptions> => {
        if (config.databaseUrl) {
          return withModuleEntities(
            dataSourceOptions(
              schema,
              { url: config.databaseUrl },
              config.databasePoolMax,
              config.databaseConnectTimeoutMs,
              config.databaseReplicaUrls,
              config.databasePreparedStatements,
            ),
          );
        }
        usesExternalServer = false;
        new Logger('Database').log(`starting embedded PostgreSQL (PGlite) in ${config.dataDir}`);
        markStartup('database_starting');
        embedded = await startEmbeddedPostgres(config.dataDir);
        markStartup('database_started');
        exitWhenLost(embedded);
        // PGlite has a single session: one pooled connection, transactions take turns. Nor are
        // statements prepared there: that session outlives the pool's connections, so a new
        // connection would find the names of the one before it taken.
        return withModuleEntities(dataSourceOptions(schema, embedded.endpoint, 1));
      },
      dataSourceFactory: async (options) => {
        const dataSource = new DataSource(options!);
        toleratesDownReplicas(dataSource);
        const destroy = dataSource.destroy.bind(dataSource);
        // Stop the embedded server only after the pool is closed (graceful shutdown order).
        const logger = new Logger('Database');
        dataSource.destroy = async () => {
          if (dataSource.isInitialized) {
            await destroy();
            logger.log('connection pool closed');
          }
          if (embedded) {
            await embedded.stop();
            logger.log('embedded database stopped');
          }
        };
        if (usesExternalServer) logger.log('connecting to PostgreSQL');
        await dataSource.initialize();
        logger.log('migrating');
        await runMigrations(dataSource, usesExternalServer);
        markStartup('migrated');
        return dataSource;
      },
    });

    return {
      module: DatabaseModule,
      imports: [typeOrm],
      providers: [
        ReadReplicas,
        // A step of the global interceptor pipeline (AppModule).
        RecordWritesInterceptor,
        {
          provide: DatabaseInfo,
          inject: [DataSource],
          useFactory: () =>
            new DatabaseInfo(!usesExternalServer, embedded?.freshlyCreated ?? false),
        },
      ],
      exports: [DatabaseInfo, ReadReplicas, RecordWritesInterceptor],
    };
  }
}
