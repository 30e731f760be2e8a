import { AuditLog } from './audit/entities/audit-log.entity.js';
import { Attachment } from './attachments/entities/attachment.entity.js';
import { ArchiveSku } from './catalogue/entities/archive-sku.entity.js';
import { Archive } from './catalogue/entities/archive.entity.js';
import { Category } from './catalogue/entities/category.entity.js';
import { CommMessage } from './communication/entities/comm-message.entity.js';
import { CommOrderHistory } from './communication/entities/comm-order-history.entity.js';
import { CommOrder } from './communication/entities/comm-order.entity.js';
import { CommQuote } from './communication/entities/comm-quote.entity.js';
import { IdempotencyRecord } from './idempotency/entities/idempotency-record.entity.js';
import { LoginAttempt } from './login-throttle/entities/login-attempt.entity.js';
import { CouponCode } from './coupons/entities/coupon-code.entity.js';
import { CouponRedemptionRecord } from './coupons/entities/coupon-redemption.entity.js';
import { Coupon } from './coupons/entities/coupon.entity.js';
import { GatewayRefund } from './payments/entities/gateway-refund.entity.js';
import { GatewayTransaction } from './payments/entities/gateway-transaction.entity.js';
import { PaymentGatewaySetting } from './payments/entities/payment-gateway-setting.entity.js';
import { MailOutboxRow } from './notifications/entities/mail-outbox.entity.js';
import { MailPreference } from './notifications/entities/mail-preference.entity.js';
import { MailSetting } from './notifications/entities/mail-setting.entity.js';
import { OrderAddress } from './orders/entities/order-address.entity.js';
import { OrderCommission } from './orders/entities/order-commission.entity.js';
import { OrderDetail } from './orders/entities/order-detail.entity.js';
import { OrderHistory } from './orders/entities/order-history.entity.js';
import { OrderRefund } from './orders/entities/order-refund.entity.js';
import { Order } from './orders/entities/order.entity.js';
import { Payment } from './payments/entities/payment.entity.js';
import { PaymentHistory } from './payments/entities/payment-history.entity.js';
import { GatewayRefundHistory } from './payments/entities/gateway-refund-history.entity.js';
import { Admin } from './users/entities/admin.entity.js';
import { UserGroup } from './users/entities/user-group.entity.js';
import { User } from './users/entities/user.entity.js';
import { Banner } from './settings/entities/banner.entity.js';
import { ReadPosition } from './common/database/entities/read-position.entity.js';
import { Setting } from './settings/entities/setting.entity.js';
import { BalanceLedgerEntry } from './wallet/entities/balance-ledger.entity.js';
import { WebhookAttempt } from './webhooks/entities/webhook-attempt.entity.js';
import { WebhookDelivery } from './webhooks/entities/webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhooks/entities/webhook-endpoint.entity.js';

/**
 * Every TypeORM entity, listed explicitly (no file globs: the app, the CLI and the ESM test
 * runner all load exactly this). A module adding an entity adds it here and writes a migration.
 */
export const ENTITIES = [
  ReadPosition,
  User,
  Admin,
  UserGroup,
  Archive,
  ArchiveSku,
  Coupon,
  CouponCode,
  CouponRedemptionRecord,
  Order,
  OrderDetail,
  OrderHistory,
  OrderAddress,
  OrderCommission,
  OrderRefund,
  Payment,
  PaymentHistory,
  GatewayRefundHistory,
  BalanceLedgerEntry,
  CommOrder,
  CommMessage,
  CommQuote,
  CommOrderHistory,
  Attachment,
  LoginAttempt,
  IdempotencyRecord,
  Category,
  Setting,
  Banner,
  GatewayTransaction,
  GatewayRefund,
  PaymentGatewaySetting,
  AuditLog,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  MailSetting,
  MailPreference,
  MailOutboxRow,
];
