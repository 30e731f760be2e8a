import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../common/config/app-config.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { migrateLocalUploads } from './services/storage-migration.js';
import { StorageService } from './services/storage.service.js';

/**
 * `npm run storage:migrate [-- --from-id N]`: copies the local uploads to the configured bucket
 * (docs/scaling.md, "Moving existing files"). Run it with the same DATA_DIR, DATABASE_URL and
 * S3 settings as the server; run it again after an interruption (copied files are skipped).
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, EVENT_WORKERS: 'false' });
  const fromArg = process.argv.indexOf('--from-id');
  const fromId = fromArg > 0 ? Number(process.argv[fromArg + 1]) : undefined;
  if (fromId !== undefined && !(Number.isInteger(fromId) && fromId > 0))
    throw new Error('--from-id takes a positive attachment id');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new JsonLogger(config.logLevel),
  });
  try {
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
