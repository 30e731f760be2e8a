import { Global, Module } from '@nestjs/common';
import { EventLogService } from './services/event-log.service.js';
import { EventRetentionService } from './services/event-retention.service.js';

/**
 * The event log (docs/events.md). Global because every module with changes customers or staff
 * care about records into it, in the transaction of the change, as it does into the audit trail.
 * Its retention job deletes events older than EVENTS_RETENTION and expired stream tickets.
 */
@Global()
@Module({
  providers: [EventLogService, EventRetentionService],
  exports: [EventLogService],
})
export class EventsModule {}
