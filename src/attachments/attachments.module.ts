import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../common/config/app-config.js';
import type { AppConfig } from '../common/config/app-config.js';
import { AttachmentController } from './controllers/attachment.controller.js';
import { StaffAttachmentController } from './controllers/staff-attachment.controller.js';
import { Attachment } from './entities/attachment.entity.js';
import { AttachmentService } from './services/attachment.service.js';
import { LocalDiskStorage } from './storage/local-disk.storage.js';
import { STORAGE_DRIVER } from './storage/storage-driver.js';

/** Image uploads behind a StorageDriver (local disk under DATA_DIR/uploads today). */
@Module({
  imports: [TypeOrmModule.forFeature([Attachment])],
  controllers: [AttachmentController, StaffAttachmentController],
  providers: [
    AttachmentService,
    {
      provide: STORAGE_DRIVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => LocalDiskStorage.forDataDir(config.dataDir),
    },
  ],
  exports: [AttachmentService],
})
export class AttachmentsModule {}
