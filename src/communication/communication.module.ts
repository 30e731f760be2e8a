import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { UsersModule } from '../users/users.module.js';
import { CommunicationController } from './controllers/communication.controller.js';
import { StaffCommunicationController } from './controllers/staff-communication.controller.js';
import { CommMessage } from './entities/comm-message.entity.js';
import { CommOrderHistory } from './entities/comm-order-history.entity.js';
import { CommOrder } from './entities/comm-order.entity.js';
import { CommQuote } from './entities/comm-quote.entity.js';
import { CommAcceptService } from './services/comm-accept.service.js';
import { CommConversationService } from './services/comm-conversation.service.js';
import { CommOrderQueryService } from './services/comm-order-query.service.js';
import { CommOrderLookup } from './services/comm-order.lookup.js';
import { CommOrderTransitionService } from './services/comm-order-transition.service.js';
import { CommMailFacts } from './services/comm-mail-facts.service.js';
import { CommQuoteExpiryService } from './services/comm-quote-expiry.service.js';
import { CommThreadWriter } from './services/comm-thread.writer.js';
import { CustomerCommOrderService } from './services/customer-comm-order.service.js';
import { StaffCommOrderService } from './services/staff-comm-order.service.js';

/**
 * Communication orders (customization requests): threads, quotes and accept → one shop order.
 * Talks to other modules only through CatalogueService, UserDirectoryService and the orders
 * module's QuoteOrderService (the shop order of an accepted quote). Its job (CommQuoteExpiryService)
 * expires quotes past their valid_until every COMM_JOBS_INTERVAL_SECONDS.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([CommOrder, CommMessage, CommQuote, CommOrderHistory]),
    UsersModule,
    CatalogueModule,
    OrdersModule,
  ],
  controllers: [CommunicationController, StaffCommunicationController],
  providers: [
    CommThreadWriter,
    CommOrderLookup,
    CommOrderTransitionService,
    CommOrderQueryService,
    CustomerCommOrderService,
    CommConversationService,
    StaffCommOrderService,
    CommAcceptService,
    CommQuoteExpiryService,
    CommMailFacts,
  ],
  // For the staff inbox pages (src/staff-inbox): the same use cases and reads the staff
  // controllers call. CommMailFacts: what a mail about a request says (the notifications module).
  exports: [
    CommConversationService,
    StaffCommOrderService,
    CommOrderQueryService,
    CommMailFacts,
  ],
})
export class CommunicationModule {}
