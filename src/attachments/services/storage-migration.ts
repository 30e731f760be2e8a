import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { S3Storage } from '../storage/s3.storage.js';
import { StorageService } from './storage.service.js';
import { AttachmentQueries } from '../attachment.queries.js';

export interface MigrationReport {
  copied: number;
  /** Already in the bucket with the recorded size (an earlier, interrupted run copied them). */
  skipped: number;
  /** Recorded but not on this disk (listed in the log by key). */
  missing: number;
  /** The id to resume from when `limit` stopped the run; undefined when it went through. */
  nextId?: number;
}

const BATCH = 200;

/**
 * `npm run storage:migrate`: copies every recorded attachment from the local disk
 * (DATA_DIR/uploads) to the configured bucket, one at a time, streaming. Resumable: an object
 * already in the bucket with the recorded size is skipped, so a run that stopped half-way is
 * simply started again. Nothing is deleted from the disk (do that once the bucket is in use).
 */
export async function migrateLocalUploads(
  dataSource: DataSource,
  storage: StorageService,
  options: { fromId?: number; limit?: number; logger?: Logger } = {},
): Promise<MigrationReport> {
  const logger = options.logger ?? new Logger('StorageMigrate');
  const target = await storage.refresh();
  if (!(target instanceof S3Storage))
    throw new Error(
      'storage:migrate copies to a bucket: set STORAGE_TYPE=s3 and the S3_* settings first',
    );
  const source = storage.localDisk();
  const report: MigrationReport = { copied: 0, skipped: 0, missing: 0 };
  let afterId = (options.fromId ?? 1) - 1;
  let handled = 0;
  for (;;) {
    const rows = await dataSource.query<
      { id: number; storage_key: string; mime_type: string; file_size: number }[]
    >(AttachmentQueries.batchAfter, [afterId, BATCH]);
    if (!rows.length) return report;
    for (const row of rows) {
      if (options.limit !== undefined && handled >= options.limit) {
        report.nextId = row.id;
        return report;
      }
      handled += 1;
      afterId = row.id;
      if ((await target.sizeOf(row.storage_key)) === row.file_size) {
        report.skipped += 1;
        continue;
      }
      const file = await source.open(row.storage_key);
      if (!file) {
        report.missing += 1;
        logger.warn({ msg: 'not on this disk, not copied', id: row.id, key: row.storage_key });
        continue;
      }
      await target.put(row.storage_key, file.stream, row.mime_type);
      report.copied += 1;
      if (report.copied % 100 === 0)
        logger.log({ msg: 'copying', copied: report.copied, last_id: row.id });
    }
  }
}
