import type { LogRow } from './services/event-log.reader.js';
import { eventFrame, OPENING_FRAME, resetFrame } from './sse-frames.js';

const row: LogRow = {
  txid: '901',
  id: '42',
  type: 'comm.message.created',
  userId: 7,
  commOrderId: 3,
  orderId: null,
  messageId: '11',
  status: 1,
  actor: 'staff',
  createdTime: 1_800_000_000,
  ready: true,
};

describe('SSE frames', () => {
  it('writes one event as id, event and one JSON data line of the thin row', () => {
    expect(eventFrame(row)).toBe(
      'id: 42\nevent: comm.message.created\ndata: {"id":42,"type":"comm.message.created","comm_order_id":3,"order_id":null,"message_id":11,"status":1,"actor":"staff","created_time":1800000000}\n\n',
    );
    // Never the owner or the transaction: only what the data schema lists.
    expect(eventFrame(row)).not.toMatch(/user_id|txid/);
  });

  it('opens with retry and resets to the head (or to nothing on an empty log)', () => {
    expect(OPENING_FRAME).toBe('retry: 3000\n\n');
    expect(resetFrame('99')).toMatch(/^id: 99\nevent: reset\ndata: \{.*\}\n\n$/);
    expect(resetFrame(undefined)).toMatch(/^id: \nevent: reset\n/);
  });
});
