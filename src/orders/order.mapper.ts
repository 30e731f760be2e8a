import { GoodsResponseDto } from '../catalogue/dto/goods.response.dto.js';
import { toUnixSeconds } from '../common/database/column-types.js';
import { UserResponseDto } from '../users/dto/user.response.dto.js';
import { OrderAddressResponseDto } from './dto/order-address.dto.js';
import {
  OrderDetailResponseDto,
  OrderHistoryResponseDto,
  OrderResponseDto,
} from './dto/order.response.dto.js';
import { PaymentResponseDto } from '../payments/dto/payment.response.dto.js';
import { OrderAddress } from './entities/order-address.entity.js';
import { OrderDetail } from './entities/order-detail.entity.js';
import { OrderHistory } from './entities/order-history.entity.js';
import { Order } from './entities/order.entity.js';
import type { OrderAddressSnapshot } from './entities/order.entity.js';
import { Payment } from '../payments/entities/payment.entity.js';
import { OrderRefund } from './entities/order-refund.entity.js';
import { OrderRefundResponseDto } from './dto/order-refund.dto.js';
import { ORDER_REFUND_STATUS_NAMES } from './order-refund-status.js';
import { ActorRole } from '../common/state-machine/actor.js';
import { allowedActions } from './order-status.js';

/** The order object of the spec (without the nested user/details, which callers add). */
export function toOrderResponse(order: Order, viewer: ActorRole): OrderResponseDto {
  return {
    id: order.id,
    created_time: toUnixSeconds(order.createdTime),
    updated_time: toUnixSeconds(order.updatedTime),
    order_id: order.orderId,
    payment_id: order.paymentId,
    user_id: order.userId,
    address_id: order.addressId,
    remark: order.remark,
    type: order.type,
    status: order.status,
    refund_status: order.refundStatus,
    origin_amount: order.originAmount,
    amount: order.amount,
    refunded_amount: order.refundedAmount,
    paid_time: toUnixSeconds(order.paidTime),
    end_time: toUnixSeconds(order.endTime),
    deliver_time: toUnixSeconds(order.deliverTime),
    finished_time: toUnixSeconds(order.finishedTime),
    discount_amount: order.discountAmount,
    seller_id: order.sellerId,
    seller_amount: order.sellerAmount,
    share_user_id: order.shareUserId,
    share_parent_user_id: order.shareParentUserId,
    share_amount: order.shareAmount,
    share_parent_amount: order.shareParentAmount,
    express_company: order.expressCompany,
    tracking_number: order.trackingNumber,
    is_updated: 0,
    comm_order_id: order.commOrderId ?? 0,
    allowed_actions: allowedActions(
      {
        status: order.status,
        refundStatus: order.refundStatus,
        statusBeforeRefund: order.statusBeforeRefund,
        refundable: order.amount - order.refundedAmount,
      },
      viewer,
    ),
  };
}

export function toOrderDetailResponse(
  detail: OrderDetail,
  order: Order,
  goods: GoodsResponseDto | undefined,
): OrderDetailResponseDto {
  const isVip = order.type === 'vip';
  return {
    id: detail.id,
    created_time: toUnixSeconds(detail.createdTime),
    updated_time: toUnixSeconds(detail.updatedTime),
    order_id: detail.orderId,
    user_id: detail.userId,
    goods_id: detail.goodsId,
    goods_item_id: detail.goodsItemId,
    price: detail.price,
    origin_price: detail.originPrice,
    amount: detail.amount,
    origin_amount: detail.originAmount,
    quantity: detail.quantity,
    status: detail.status,
    title: detail.title,
    thumb: detail.thumb,
    sku_title: detail.skuTitle,
    goods: isVip ? null : (goods ?? null),
    group: isVip ? { id: detail.goodsId, title: detail.title, price: detail.originPrice } : null,
  };
}

/** An order with its buyer and lines (lists and detail). */
export function toFullOrderResponse(
  order: Order,
  viewer: ActorRole,
  details: OrderDetail[],
  goods: Map<number, GoodsResponseDto>,
  user: UserResponseDto | undefined,
): OrderResponseDto {
  return {
    ...toOrderResponse(order, viewer),
    ...(user ? { user } : {}),
    details: details.map((detail) =>
      toOrderDetailResponse(detail, order, goods.get(detail.goodsId)),
    ),
  };
}

export function toOrderRefundResponse(row: OrderRefund): OrderRefundResponseDto {
  return {
    id: row.id,
    refund_no: row.refundNo,
    amount: row.amount,
    after_sales: row.afterSales,
    initiator: row.initiator,
    reason: row.reason,
    images: row.images,
    status: row.status,
    status_name: ORDER_REFUND_STATUS_NAMES[row.status],
    decision_note: row.decisionNote,
    goods_returned: row.goodsReturned,
    refund_way: row.refundWay,
    created_time: toUnixSeconds(row.createdTime),
    decided_time: toUnixSeconds(row.decidedTime),
  };
}

export function toOrderHistoryResponse(row: OrderHistory): OrderHistoryResponseDto {
  return {
    id: row.id,
    action: row.action,
    actor_kind: row.actorKind,
    actor_id: row.actorId,
    from_status: row.fromStatus,
    to_status: row.toStatus,
    from_refund_status: row.fromRefundStatus,
    to_refund_status: row.toRefundStatus,
    note: row.note,
    created_time: toUnixSeconds(row.createdTime),
  };
}

/** The recipient fields of a saved address, as copied onto an order. */
export function addressSnapshotOf(address: OrderAddress): OrderAddressSnapshot {
  return {
    name: address.name,
    phone: address.phone,
    province: address.province,
    city: address.city,
    country: address.country,
    address_info: address.addressInfo,
    postcode: address.postcode,
  };
}

export function toAddressResponse(address: OrderAddress): OrderAddressResponseDto {
  return {
    id: address.id,
    user_id: address.userId,
    ...addressSnapshotOf(address),
    status: address.status,
    created_time: toUnixSeconds(address.createdTime),
    updated_time: toUnixSeconds(address.updatedTime),
  };
}

export function toPaymentResponse(payment: Payment, orderStatus: number): PaymentResponseDto {
  return {
    order_id: payment.orderId,
    payment_id: payment.paymentId,
    pay_way: payment.payWay,
    amount: payment.amount,
    status: payment.status,
    paid_time: toUnixSeconds(payment.paidTime),
    order_status: orderStatus,
    currency: payment.currency,
  };
}
