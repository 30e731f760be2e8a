import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentController } from './controllers/attachment.controller.js';
import { Attachment } from './entities/attachment.entity.js';
import { AttachmentService } from './services/attachment.service.js';
import { StorageService } from './services/storage.service.js';

/**
 * Image uploads behind a StorageDriver: local disk under DATA_DIR/uploads by default, or an
 * S3-compatible bucket (StorageService, docs/scaling.md).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Attachment])],
  controllers: [AttachmentController],
  providers: [AttachmentService, StorageService],
  exports: [AttachmentService, StorageService],
})
export class AttachmentsModule {}
