import { CreateAccounts1795442922212 } from './1795442922212-CreateAccounts.js';
import { CreateCatalogue1795450000001 } from './1795450000001-CreateCatalogue.js';
import { CreateUserGroupsAndCoupons1795450000002 } from './1795450000002-CreateUserGroupsAndCoupons.js';
import { CreateOrdersAndWallet1795460000001 } from './1795460000001-CreateOrdersAndWallet.js';
import { CreateCommunication1795470000001 } from './1795470000001-CreateCommunication.js';
import { CategoriesSettingsBanners1795480000001 } from './1795480000001-CategoriesSettingsBanners.js';
import { OnlinePayments1795490000001 } from './1795490000001-OnlinePayments.js';
import { LoginThrottleAndIdempotency1795510000001 } from './1795510000001-LoginThrottleAndIdempotency.js';
import { StaffRolesAndAudit1795512000001 } from './1795512000001-StaffRolesAndAudit.js';
import { StaffListIndexes1795520000001 } from './1795520000001-StaffListIndexes.js';
import { DomainEvents1795530000001 } from './1795530000001-DomainEvents.js';
import { EventConsumers1795540000001 } from './1795540000001-EventConsumers.js';
import { Webhooks1795550000001 } from './1795550000001-Webhooks.js';
import { MailOutbox1795560000001 } from './1795560000001-MailOutbox.js';
import { PaymentGatewayOrderId1795570000001 } from './1795570000001-PaymentGatewayOrderId.js';
import { GatewayRefundFailures1795570000002 } from './1795570000002-GatewayRefundFailures.js';
import { PaymentCloseTime1795570000003 } from './1795570000003-PaymentCloseTime.js';
import { PaymentHistory1795570000004 } from './1795570000004-PaymentHistory.js';
import { AfterSalesRefunds1795580000001 } from './1795580000001-AfterSalesRefunds.js';
import { SinglePages1795600000001 } from './1795600000001-SinglePages.js';
import { GatewayRefundHistory1795610000001 } from './1795610000001-GatewayRefundHistory.js';
import { OrderPageCounts1795620000001 } from './1795620000001-OrderPageCounts.js';
import { StreamTicketTokenVersion1795530000005 } from './1795530000005-StreamTicketTokenVersion.js';
import { ReadPositions1795590000001 } from './1795590000001-ReadPositions.js';

/** Every migration in order. `npm run migration:generate` writes a file; add its class here. */
export const MIGRATIONS = [
  CreateAccounts1795442922212,
  CreateCatalogue1795450000001,
  CreateUserGroupsAndCoupons1795450000002,
  CreateOrdersAndWallet1795460000001,
  CreateCommunication1795470000001,
  CategoriesSettingsBanners1795480000001,
  OnlinePayments1795490000001,
  LoginThrottleAndIdempotency1795510000001,
  StaffRolesAndAudit1795512000001,
  StaffListIndexes1795520000001,
  DomainEvents1795530000001,
  StreamTicketTokenVersion1795530000005,
  EventConsumers1795540000001,
  Webhooks1795550000001,
  MailOutbox1795560000001,
  PaymentGatewayOrderId1795570000001,
  GatewayRefundFailures1795570000002,
  PaymentCloseTime1795570000003,
  PaymentHistory1795570000004,
  AfterSalesRefunds1795580000001,
  ReadPositions1795590000001,
  SinglePages1795600000001,
  GatewayRefundHistory1795610000001,
  OrderPageCounts1795620000001,
];
