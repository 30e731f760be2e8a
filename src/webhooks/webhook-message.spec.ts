import { Webhook } from 'standardwebhooks';
import { newSigningSecret, webhookBody, webhookHeaders } from './webhook-message.js';

describe('webhook messages', () => {
  const event = {
    id: '42',
    type: 'comm.order.created',
    userId: 7,
    commOrderId: 3,
    orderId: null,
    messageId: null,
    status: 0,
    actor: 'customer',
    createdTime: 1_700_000_000,
  };

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
  });

  it('carries type, timestamp and the thin data', () => {
    expect(JSON.parse(webhookBody(event))).toEqual({
      type: 'comm.order.created',
      timestamp: '2023-11-14T22:13:20.000Z',
      data: {
        id: 42,
        user_id: 7,
        comm_order_id: 3,
        order_id: null,
        message_id: null,
        status: 0,
        actor: 'customer',
      },
    });
  });

  it('signs so that a receiver holding either secret verifies it', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const body = webhookBody(event);
    const headers = webhookHeaders('42', body, [current, previous], new Date());
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous])
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
  });
});
