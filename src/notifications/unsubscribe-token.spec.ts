import { UnsubscribeSigner } from './unsubscribe-token.js';

describe('UnsubscribeSigner', () => {
  const signer = new UnsubscribeSigner('a-server-secret-that-is-long-enough-0123');

  it('verifies its own signature for the same user and category only', () => {
    const signature = signer.sign(7, 'reply');
    expect(signer.verify(7, 'reply', signature)).toBe(true);
    expect(signer.verify(8, 'reply', signature)).toBe(false);
    expect(signer.verify(7, 'quote', signature)).toBe(false);
    expect(signer.verify(7, 'reply', signature.slice(1))).toBe(false);
  });

  it('depends on the server secret, and does not contain it', () => {
    const other = new UnsubscribeSigner('another-server-secret-long-enough-9876');
    expect(other.sign(7, 'reply')).not.toBe(signer.sign(7, 'reply'));
    expect(signer.sign(7, 'reply')).not.toContain('secret');
  });
});
