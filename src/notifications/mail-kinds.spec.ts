import { EVENT_TYPE_NAMES } from '../events/event-catalogue.js';
import {
  batchDueTime,
  batchWindow,
  MAIL_KINDS,
  mailKindOf,
  SEND_TYPE_CODES,
} from './mail-kinds.js';

describe('mail kinds', () => {
  it('sends a thread message to the other side only', () => {
    expect(mailKindOf('comm.message.created', 'staff')).toBe('staff_replied');
    expect(mailKindOf('comm.message.created', 'customer')).toBe('customer_message');
    expect(mailKindOf('comm.message.created', 'system')).toBeUndefined();
  });

  it('maps every event to a known kind or to nothing', () => {
    for (const type of EVENT_TYPE_NAMES)
      for (const actor of ['customer', 'staff', 'system']) {
        const kind = mailKindOf(type, actor);
        if (kind) expect(MAIL_KINDS[kind]).toBeDefined();
      }
  });

  it("keeps AnqiCMS's send_type codes for new and paid orders", () => {
    expect(MAIL_KINDS.order_created.sendType).toBe(3);
    expect(MAIL_KINDS.order_paid.sendType).toBe(4);
    expect(SEND_TYPE_CODES).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('puts messages of one window in one batch, due at its end', () => {
    expect(batchWindow(600, 300)).toBe(2);
    expect(batchWindow(899, 300)).toBe(2);
    expect(batchWindow(900, 300)).toBe(3);
    expect(batchDueTime(2, 300).getTime()).toBe(900_000);
  });
});
