import type { GoodsResponseDto } from '../catalogue/dto/goods.response.dto.js';
import { toUnixSeconds } from '../common/database/column-types.js';
import type { UserResponseDto } from '../users/dto/user.response.dto.js';
import type { ActorRole } from '../common/state-machine/actor.js';
import { allowedActions } from './comm-order-status.js';
import {
  CommMessageResponseDto,
  CommOrderResponseDto,
  CommQuoteResponseDto,
  CommUserResponseDto,
} from './dto/comm-order.response.dto.js';
import { CommMessage } from './entities/comm-message.entity.js';
import { CommOrder } from './entities/comm-order.entity.js';
import { CommQuote } from './entities/comm-quote.entity.js';

export function toCommMessageResponse(message: CommMessage): CommMessageResponseDto {
  return {
    id: message.id,
    comm_order_id: message.commOrderId,
    sender_id: message.senderId,
    sender_type: message.senderType,
    sender_name: message.senderName,
    message_type: message.messageType,
    content: message.content,
    quote_version: message.quoteVersion,
    created_time: toUnixSeconds(message.createdTime),
  };
}

export function toCommQuoteResponse(quote: CommQuote): CommQuoteResponseDto {
  return {
    version: quote.version,
    quote_price: quote.price,
    quote_amount: quote.amount,
    quote_content: quote.content,
    valid_until: toUnixSeconds(quote.validUntil),
    created_by: quote.createdBy,
    created_time: toUnixSeconds(quote.createdTime),
  };
}

/** The public user object (already secret-free) plus the spec example's `username`. */
export function toCommUser(user: UserResponseDto | undefined): CommUserResponseDto | null {
  return user ? { ...user, username: user.user_name } : null;
}

/** The product picture for a request: thumb, else logo, else its first image. */
export function thumbOf(goods: GoodsResponseDto | undefined): string {
  return goods?.thumb || goods?.logo || goods?.images?.[0] || '';
}

export interface CommOrderRelations {
  user: UserResponseDto | undefined;
  goods: GoodsResponseDto | undefined;
  /** The latest messages, oldest first. */
  messages: CommMessage[];
}

/** One request as `role` sees it: unread count and allowed actions are that role's. */
export function toCommOrderResponse(
  order: CommOrder,
  role: ActorRole,
  relations: CommOrderRelations,
): CommOrderResponseDto {
  return {
    id: order.id,
    order_id: order.shopOrderRowId ?? 0,
    user_id: order.userId,
    created_time: toUnixSeconds(order.createdTime),
    updated_time: toUnixSeconds(order.updatedTime),
    archive_id: order.archiveId,
    phone: order.phone,
    images: order.images,
    sketch_images: order.sketchImages,
    finished_images: order.finishedImages,
    title: order.title,
    content: order.content,
    event_date: order.eventDate,
    status: order.status,
    admin_id: order.adminId,
    quote_price: order.quotePrice,
    quote_amount: order.quoteAmount,
    quote_content: order.quoteContent,
    quote_version: order.quoteVersion,
    quote_valid_until: toUnixSeconds(order.quoteValidUntil),
    order_extra: order.orderExtra,
    order_fields: order.orderFields,
    user: toCommUser(relations.user),
    messages: relations.messages.map(toCommMessageResponse),
    thumb: thumbOf(relations.goods),
    unread_count: role === 'customer' ? order.customerUnreadCount : order.staffUnreadCount,
    message_count: order.messageCount,
    last_message_time: toUnixSeconds(order.lastMessageTime),
    waiting_since: toUnixSeconds(order.waitingSince),
    cancel_reason: order.cancelReason,
    reject_reason: order.rejectReason,
    accepted_time: toUnixSeconds(order.acceptedTime),
    version: order.version,
    allowed_actions: allowedActions(order.status, role),
  };
}
