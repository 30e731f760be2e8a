import { Global, Module } from '@nestjs/common';
import { StreamTicketRedeemer } from '../common/auth/stream-ticket.js';
import { UsersModule } from '../users/users.module.js';
import {
  AdminEventStreamController,
  EventStreamController,
} from './controllers/event-stream.controller.js';
import { EventConsumerRunner } from './services/event-consumer.runner.js';
import { EventHub } from './services/event-hub.service.js';
import { EventLogReader } from './services/event-log.reader.js';
import { EventLogService } from './services/event-log.service.js';
import { EventRetentionService } from './services/event-retention.service.js';
import { EventSignal } from './services/event-signal.js';
import { EventStreamService } from './services/event-stream.service.js';
import { StreamRegistry } from './services/stream-registry.service.js';
import { StreamTicketService } from './services/stream-ticket.service.js';

/**
 * The event log and its live streams (docs/events.md). Global because every module with changes
 * customers or staff care about records into it, in the transaction of the change, as it does
 * into the audit trail; and because the access guard redeems stream tickets through it. Its
 * retention job deletes events older than EVENTS_RETENTION and expired stream tickets.
 */
@Global()
@Module({
  imports: [UsersModule],
  controllers: [EventStreamController, AdminEventStreamController],
  providers: [
    EventLogService,
    EventSignal,
    EventLogReader,
    EventHub,
    StreamRegistry,
    EventStreamService,
    StreamTicketService,
    EventRetentionService,
    EventConsumerRunner,
    { provide: StreamTicketRedeemer, useExisting: StreamTicketService },
  ],
  // StreamTicketService: the staff pages issue tickets for their cookie session.
  exports: [
    EventLogService,
    EventLogReader,
    StreamTicketRedeemer,
    EventConsumerRunner,
    StreamTicketService,
  ],
})
export class EventsModule {}
