import { Global, Module } from '@nestjs/common';
import { EventLogService } from './services/event-log.service.js';

/**
 * The event log (docs/events.md). Global because every module with changes customers or staff
 * care about records into it, in the transaction of the change, as it does into the audit trail.
 */
@Global()
@Module({
  providers: [EventLogService],
  exports: [EventLogService],
})
export class EventsModule {}
