import { CommOrderStatus } from './comm-order-status.js';
import { thumbOf, toCommOrderResponse, toCommUser } from './comm-order.mapper.js';
import { CommOrder } from './entities/comm-order.entity.js';

function order(overrides: Partial<CommOrder> = {}): CommOrder {
  return Object.assign(new CommOrder(), {
    id: 7,
    userId: 1000,
    archiveId: 188,
    shopOrderRowId: null,
    phone: '13888888888',
    title: 't',
    content: 'c',
    images: [],
    sketchImages: [],
    finishedImages: [],
    eventDate: '',
    status: CommOrderStatus.Quoted,
    adminId: 1,
    quotePrice: '99.50',
    quoteAmount: 9950,
    quoteContent: 'q',
    quoteVersion: 2,
    quoteValidUntil: null,
    orderExtra: { a: 1 },
    orderFields: [],
    cancelReason: '',
    rejectReason: '',
    acceptedTime: null,
    messageCount: 5,
    lastMessageId: 50,
    lastMessageTime: new Date(1_700_000_000_000),
    customerLastReadId: 40,
    staffLastReadId: 50,
    customerUnreadCount: 3,
    staffUnreadCount: 0,
    waitingSince: null,
    version: 4,
    createdTime: new Date(1_669_212_548_000),
    updatedTime: new Date(1_669_212_549_000),
    ...overrides,
  });
}

describe('comm order mapper', () => {
  const relations = { user: undefined, goods: undefined, messages: [] };

  it('sends order_id 0 until accepted, times as unix seconds, 0 for never', () => {
    const shaped = toCommOrderResponse(order(), 'customer', relations);
    expect(shaped).toMatchObject({
      order_id: 0,
      created_time: 1_669_212_548,
      updated_time: 1_669_212_549,
      last_message_time: 1_700_000_000,
      quote_valid_until: 0,
      accepted_time: 0,
      waiting_since: 0,
      user: null,
      thumb: '',
    });
    expect(toCommOrderResponse(order({ shopOrderRowId: 46 }), 'customer', relations).order_id).toBe(
      46,
    );
  });

  it('gives each side its own unread count and allowed actions', () => {
    expect(toCommOrderResponse(order(), 'customer', relations)).toMatchObject({
      unread_count: 3,
      allowed_actions: ['accept', 'reject', 'cancel', 'send_message'],
    });
    expect(toCommOrderResponse(order(), 'staff', relations)).toMatchObject({
      unread_count: 0,
      allowed_actions: ['quote', 'cancel', 'send_message', 'images'],
    });
  });

  it('never copies internal columns', () => {
    const shaped = toCommOrderResponse(order(), 'customer', relations) as unknown as Record<
      string,
      unknown
    >;
    for (const internal of ['customer_last_read_id', 'staff_unread_count', 'last_message_id']) {
      expect(shaped).not.toHaveProperty(internal);
    }
  });

  it('adds `username` to the public user and picks the product picture', () => {
    expect(toCommUser({ id: 1, user_name: 'alice' } as never)).toMatchObject({
      user_name: 'alice',
      username: 'alice',
    });
    expect(toCommUser(undefined)).toBeNull();
    expect(thumbOf({ thumb: 't', logo: 'l', images: ['i'] } as never)).toBe('t');
    expect(thumbOf({ thumb: '', logo: 'l', images: ['i'] } as never)).toBe('l');
    expect(thumbOf({ thumb: '', logo: '', images: ['i'] } as never)).toBe('i');
    expect(thumbOf(undefined)).toBe('');
  });
});
