import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentController } from './controllers/attachment.controller.js';
import { StaffAttachmentController } from './controllers/staff-attachment.controller.js';
import { StorageSettingsController } from './controllers/storage-settings.controller.js';
import { Attachment } from './entities/attachment.entity.js';
import { AttachmentService } from './services/attachment.service.js';
import { StorageService } from './services/storage.service.js';
import { StorageSettingsService } from './services/storage-settings.service.js';

/**
 * Image uploads behind a StorageDriver: local disk under DATA_DIR/uploads by default, or an
 * S3-compatible bucket (StorageService, docs/scaling.md).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Attachment])],
  controllers: [AttachmentController, StaffAttachmentController, StorageSettingsController],
  providers: [AttachmentService, StorageService, StorageSettingsService],
  exports: [AttachmentService],
})
export class AttachmentsModule {}
