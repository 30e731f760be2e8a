import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { AttachmentErrors } from '../attachments.errors.js';
import {
  StorageSettingsRequestDto,
  StorageSettingsResponseDto,
} from '../dto/storage-settings.dto.js';
import {
  mergeStorageSettings,
  resolveStorageSettings,
  STORAGE_FIELDS,
  storageEnvVarOf,
  StorageSettingsError,
} from '../storage/storage-settings.js';
import { STORAGE_SETTINGS_KEY, StorageService } from './storage.service.js';
import { AttachmentQueries } from '../attachment.queries.js';

const text = (raw: Record<string, unknown>, name: string): string =>
  typeof raw[name] === 'string' ? raw[name] : '';

/**
 * The storage settings at AnqiCMS's storage plugin path (owner-only): stored in the `settings`
 * row `storage`, the keys write-only (never answered nor logged), STORAGE_TYPE/S3_* variables
 * winning field by field. A save is checked in full first, a bucket by asking it (outside any
 * transaction), so what is stored always works; this instance switches at once, the others
 * before their next upload (StorageService.refresh()).
 */
@Injectable()
export class StorageSettingsService {
  private readonly logger = new Logger('StorageSettings');

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(): Promise<StorageSettingsResponseDto> {
    const { raw } = mergeStorageSettings(await this.storage.stored(), this.config.storageEnv);
    return {
      storage_type: text(raw, 'storage_type') || 'local',
      s3_endpoint: text(raw, 's3_endpoint'),
      s3_region: text(raw, 's3_region'),
      s3_bucket: text(raw, 's3_bucket'),
      s3_access_key: '',
      has_s3_access_key: text(raw, 's3_access_key') !== '',
      s3_secret_key: '',
      has_s3_secret_key: text(raw, 's3_secret_key') !== '',
      s3_force_path_style: raw.s3_force_path_style === true,
      s3_public_url: text(raw, 's3_public_url'),
      env_fields: STORAGE_FIELDS.map((f) => f.name).filter(
        (name) => this.config.storageEnv[storageEnvVarOf(name)] !== undefined,
      ),
    };
  }

  async save(
    adminId: number,
    input: StorageSettingsRequestDto,
  ): Promise<StorageSettingsResponseDto> {
    const body = input as Record<string, unknown>;
    const sent = STORAGE_FIELDS.filter((field) => body[field.name] !== undefined);
    for (const field of sent) {
      const variable = storageEnvVarOf(field.name);
      if (this.config.storageEnv[variable] !== undefined)
        throw AttachmentErrors.storageSettingFromEnv(field.name, variable);
    }
    if (!sent.length) return this.view();

    const changes: Record<string, unknown> = {};
    const removed: string[] = [];
    for (const field of sent) {
      const value = body[field.name];
      if (field.kind === 'secret') {
        if (value === null) removed.push(field.name);
        else if (typeof value === 'string' && value !== '') changes[field.name] = value;
      } else changes[field.name] = typeof value === 'string' ? value.trim() : value;
    }
    const next: Record<string, unknown> = { ...(await this.storage.stored()), ...changes };
    for (const name of removed) delete next[name];
    // What would be in effect, checked before anything is written (the bucket included).
    try {
      const { raw, fromEnv } = mergeStorageSettings(next, this.config.storageEnv);
      const settings = resolveStorageSettings(raw, fromEnv);
      if (settings.type === 's3')
        (await this.storage.openBucket(settings.s3)).onApplicationShutdown();
    } catch (error) {
      if (error instanceof StorageSettingsError)
        throw AttachmentErrors.invalidStorageSetting(error.field, error.why);
      throw error;
    }

    const names = sent.map((field) => field.name); // names only, never values
    await this.dataSource.transaction(async (manager) => {
      // Merged in one statement, as the shop settings are: two saves of different fields
      // both keep their change.
      await manager.query(AttachmentQueries.mergeStorageSettings, [
        STORAGE_SETTINGS_KEY,
        JSON.stringify(changes),
        removed,
      ]);
      await this.audit.record(manager, {
        action: 'storage_settings.save',
        entityType: 'settings',
        entityId: 0,
        details: { fields: names },
      });
    });
    this.logger.log({ msg: 'storage settings saved', admin_id: adminId, fields: names });
    await this.storage.refresh().catch((error: unknown) => {
      this.logger.warn({ msg: 'switching storage after the save failed', error: String(error) });
    });
    return this.view();
  }
}
