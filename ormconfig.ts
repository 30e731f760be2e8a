import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/migrations.js';
import { AppConfig, loadConfig } from './src/common/config/app-config.js';
import { dataSourceOptions, SchemaSources } from './src/common/database/data-source-options.js';
import { startEmbeddedPostgres } from './src/common/database/embedded-postgres.js';
import { ENTITIES } from './src/entities.js';

/** The TypeORM CLI (`npm run typeorm`, `migration:*`) sees every entity and every migration. */
const SCHEMA: SchemaSources = { entities: ENTITIES, migrations: MIGRATIONS };

/** For the CLI: the configured PostgreSQL, or the embedded one under DATA_DIR (started here). */
async function cliDataSource(config: AppConfig = loadConfig()): Promise<DataSource> {
  if (config.databaseUrl)
    return new DataSource(dataSourceOptions(SCHEMA, { url: config.databaseUrl }, 2));
  const embedded = await startEmbeddedPostgres(config.dataDir);
  const dataSource = new DataSource(dataSourceOptions(SCHEMA, embedded.endpoint, 1));
  // The commands destroy the data source, then exit: the database closes cleanly before that.
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await destroy();
    await embedded.stop();
  };
  return dataSource;
}

export default process.env.TYPEORM_CLI === '1' ? cliDataSource() : undefined;
