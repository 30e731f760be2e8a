import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, ConfigError } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { LocalDiskStorage } from '../storage/local-disk.storage.js';
import { describeS3Failure } from '../storage/s3-facts.js';
import type { S3Storage } from '../storage/s3.storage.js';
import { lazyImport } from '../../common/lazy/lazy-import.js';
import type { StorageDriver } from '../storage/storage-driver.js';
import {
  mergeStorageSettings,
  S3Settings,
  resolveStorageSettings,
  StorageSettings,
  StorageSettingsError,
} from '../storage/storage-settings.js';
import { AttachmentQueries } from '../attachment.queries.js';

/** The S3 driver and the AWS SDK it imports, loaded when a bucket is first used. */
const s3Driver = lazyImport(() => import('../storage/s3.storage.js'));

/** The `settings` row holding what staff saved (secrets included; never answered). */
export const STORAGE_SETTINGS_KEY = 'storage';

/**
 * The attachment storage in use: local disk by default, an S3-compatible bucket when the
 * settings (stored, with STORAGE_TYPE/S3_* variables over them) say so. Checked at start (a bad
 * setting or an unreachable bucket stops the start, naming the field); re-read before every
 * upload, so all instances write where the settings last said (docs/scaling.md).
 */
@Injectable()
export class StorageService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  private readonly local: LocalDiskStorage;
  private current: StorageDriver;
  private currentSettings = '';

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.local = LocalDiskStorage.forDataDir(config.dataDir);
    this.current = this.local;
  }

  /** Builds the driver at start; refuses to start on settings that cannot work. */
  async onModuleInit(): Promise<void> {
    try {
      await this.refresh(true);
    } catch (error) {
      if (error instanceof StorageSettingsError)
        throw new ConfigError(`Attachment storage: ${error.message}`);
      throw error;
    }
  }

  onApplicationShutdown(): void {
    if (this.current !== this.local) (this.current as S3Storage).onApplicationShutdown();
    this.local.onApplicationShutdown();
  }

  /** The driver in use now (serving reads; no database statement). */
  driver(): StorageDriver {
    return this.current;
  }

  /** The local disk (the migration command's source). */
  localDisk(): LocalDiskStorage {
    return this.local;
  }

  /** Stored values (one statement). */
  async stored(): Promise<Record<string, unknown>> {
    const rows = await this.dataSource.query<{ value: Record<string, unknown> }[]>(
      AttachmentQueries.storageSettings,
      [STORAGE_SETTINGS_KEY],
    );
    return rows[0]?.value ?? {};
  }

  /** Effective settings: stored values with the environment's over them, validated. */
  async effective(): Promise<StorageSettings> {
    const { raw, fromEnv } = mergeStorageSettings(await this.stored(), this.config.storageEnv);
    return resolveStorageSettings(raw, fromEnv);
  }

  /**
   * Re-reads the settings and switches driver when they changed (a new bucket is checked before
   * it is used). Answers the driver to use.
   */
  async refresh(atStart = false): Promise<StorageDriver> {
    const settings = await this.effective();
    const fingerprint = JSON.stringify(settings);
    if (fingerprint === this.currentSettings) return this.current;
    const next = settings.type === 's3' ? await this.openBucket(settings.s3) : this.local;
    const previous = this.current;
    this.current = next;
    this.currentSettings = fingerprint;
    if (previous !== next && previous !== this.local)
      (previous as S3Storage).onApplicationShutdown();
    if (!atStart || settings.type === 's3')
      this.logger.log({
        msg: 'attachment storage in use',
        storage_type: settings.type,
        ...(settings.type === 's3'
          ? { bucket: settings.s3.bucket, endpoint: settings.s3.endpoint || 'aws' }
          : {}),
      });
    return next;
  }

  /** An S3 driver whose bucket answered; a StorageSettingsError (s3_bucket) otherwise. */
  async openBucket(settings: S3Settings): Promise<S3Storage> {
    const { S3Storage } = await s3Driver();
    const driver = new S3Storage(settings);
    try {
      await driver.checkBucket();
    } catch (error) {
      driver.onApplicationShutdown();
      throw new StorageSettingsError(
        's3_bucket',
        `${settings.bucket}: ${describeS3Failure(error)}`,
        this.config.storageEnv.S3_BUCKET !== undefined ? 'S3_BUCKET' : undefined,
      );
    }
    return driver;
  }
}
