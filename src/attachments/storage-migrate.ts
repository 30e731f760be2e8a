import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '../common/config/app-config.js';
import { createApp } from '../configure-app.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { migrateLocalUploads } from './services/storage-migration.js';
import { StorageService } from './services/storage.service.js';

/**
 * `npm run storage:migrate [-- --from-id N]`: copies the local uploads to the configured bucket
 * (docs/scaling.md, "Moving existing files"). Run it with the same DATA_DIR, DATABASE_URL and
 * S3 settings as the server; run it again after an interruption (copied files are skipped).
 */
async function main(): Promise<void> {
  // A tool, not an instance: no background work, no demo data.
  const config = loadConfig({
    ...process.env,
    EVENT_WORKERS: 'false',
    ORDER_JOBS_INTERVAL_SECONDS: '0',
    COMM_JOBS_INTERVAL_SECONDS: '0',
    CLEANUP_INTERVAL_SECONDS: '0',
    SEED_DEMO: 'false',
  });
  const fromArg = process.argv.indexOf('--from-id');
  const fromId = fromArg > 0 ? Number(process.argv[fromArg + 1]) : undefined;
  if (fromId !== undefined && !(Number.isInteger(fromId) && fromId > 0))
    throw new Error('--from-id takes a positive attachment id');
  // The whole app, not listening (a bare application context lacks the HTTP adapter some
  // modules hook into at init).
  const app = await createApp(config, new JsonLogger(config.logLevel));
  try {
    await app.init();
    const report = await migrateLocalUploads(app.get(DataSource), app.get(StorageService), {
      fromId,
    });
    new Logger('StorageMigrate').log({ msg: 'done', ...report });
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `storage:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
