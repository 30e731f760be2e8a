import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './controllers/audit.controller.js';
import { AuditLog } from './entities/audit-log.entity.js';
import { AuditService } from './services/audit.service.js';

/**
 * The audit trail. Global because every module with staff actions records into it (as logging
 * is everywhere): one import in AppModule instead of one in each of them.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog])],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
