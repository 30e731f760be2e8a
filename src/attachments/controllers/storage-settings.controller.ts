import { ApiRequestExample } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, CurrentAdmin } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { AttachmentErrors } from '../attachments.errors.js';
import {
  StorageSettingsRequestDto,
  StorageSettingsResponseDto,
} from '../dto/storage-settings.dto.js';
import { StorageSettingsService } from '../services/storage-settings.service.js';

/**
 * Where attachments are stored, at AnqiCMS's storage plugin path. Owner-only (no permission
 * named): the settings hold the bucket's keys.
 */
@ApiTag('Staff: storage')
@Admin()
@Controller('system/api/plugin/storage')
export class StorageSettingsController {
  constructor(private readonly settings: StorageSettingsService) {}

  @Get()
  @ApiOperation({
    summary: 'Attachment storage settings',
    description:
      'AnqiCMS’s fields (`storage_type`, `s3_region`, `s3_bucket`, `s3_endpoint`, …). The keys are ' +
      'answered as "" with `has_s3_access_key` / `has_s3_secret_key`.',
  })
  @ApiEnvelope(StorageSettingsResponseDto)
  view() {
    return this.settings.view();
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Save attachment storage settings',
    description:
      'Only the fields sent change; a key sent as "" keeps it, null removes it. The result is ' +
      'checked before it is stored (with s3: the bucket must answer to the keys). Fields set by ' +
      'STORAGE_TYPE/S3_* environment variables cannot be changed here. Files already stored ' +
      'stay where they are (npm run storage:migrate copies local files to the bucket). Audited.',
  })
  @ApiEnvelope(StorageSettingsResponseDto, {
    errors: [
      CommonErrors.validation,
      AttachmentErrors.invalidStorageSetting,
      AttachmentErrors.storageSettingFromEnv,
    ],
  })
  @ApiRequestExample(StorageSettingsRequestDto, 'Keep files on local disk (the default)', {
    storage_type: 'local',
  })
  save(@CurrentAdmin() admin: AdminPrincipal, @Body() body: StorageSettingsRequestDto) {
    return this.settings.save(admin.id, body);
  }
}
