import {
  fromDecimalAmount,
  fromGatewayUnits,
  refundAnswer,
  toDecimalAmount,
  toGatewayUnits,
} from './payment-gateway.js';

describe('gateway amounts', () => {
  it('formats minor units exactly', () => {
    expect(toDecimalAmount(9900, 'CNY')).toBe('99.00');
    expect(toDecimalAmount(1, 'USD')).toBe('0.01');
    expect(toDecimalAmount(0, 'EUR')).toBe('0.00');
    expect(toDecimalAmount(123456789, 'CNY')).toBe('1234567.89');
    expect(toDecimalAmount(500, 'JPY')).toBe('500');
  });
  it('parses gateway amounts back, refusing anything else', () => {
    expect(fromDecimalAmount('99.00', 'CNY')).toBe(9900);
    expect(fromDecimalAmount('0.1', 'CNY')).toBe(10);
    expect(fromDecimalAmount('12', 'USD')).toBe(1200);
    expect(fromDecimalAmount('500', 'JPY')).toBe(500);
    expect(fromDecimalAmount('500.5', 'JPY')).toBeNaN();
    expect(fromDecimalAmount('-1.00', 'CNY')).toBeNaN();
    expect(fromDecimalAmount('1e3', 'CNY')).toBeNaN();
    expect(fromDecimalAmount('1.001', 'CNY')).toBeNaN();
  });
});

describe('gateway decimals', () => {
  it('PayPal takes HUF, TWD and JPY without decimals; fractions of them cannot be sent', () => {
    expect(toDecimalAmount(990000, 'HUF', 'paypal')).toBe('9900');
    expect(toDecimalAmount(12300, 'TWD', 'paypal')).toBe('123');
    expect(toDecimalAmount(500, 'JPY', 'paypal')).toBe('500');
    expect(() => toDecimalAmount(990050, 'HUF', 'paypal')).toThrow('whole HUF');
    expect(fromDecimalAmount('9900', 'HUF', 'paypal')).toBe(990000);
    expect(fromDecimalAmount('9900.50', 'HUF', 'paypal')).toBeNaN();
    expect(toDecimalAmount(2599, 'USD', 'paypal')).toBe('25.99');
    expect(toDecimalAmount(990050, 'HUF')).toBe('9900.50'); // elsewhere HUF keeps its fillér
  });
  it('Stripe counts ISK and UGX in hundredths (two-decimal for backwards compatibility)', () => {
    expect(toGatewayUnits(5, 'ISK', 'stripe')).toBe(500);
    expect(toGatewayUnits(9900, 'UGX', 'stripe')).toBe(990000);
    expect(fromGatewayUnits(500, 'ISK', 'stripe')).toBe(5);
    expect(fromGatewayUnits(550, 'ISK', 'stripe')).toBeNaN();
    expect(toGatewayUnits(9900, 'JPY', 'stripe')).toBe(9900);
    expect(toGatewayUnits(2599, 'USD', 'stripe')).toBe(2599);
    expect(toGatewayUnits(990000, 'HUF', 'stripe')).toBe(990000);
  });
});

describe('refundAnswer', () => {
  const words = { succeeded: 'succeeded', failed: ['failed', 'canceled'] };
  it('maps the success word, the failure words, and anything else to processing', () => {
    expect(refundAnswer('succeeded', 're_1', words)).toEqual({
      status: 'succeeded',
      refundId: 're_1',
      message: 'succeeded',
    });
    expect(refundAnswer('canceled', 're_1', words).status).toBe('failed');
    expect(refundAnswer('pending', 're_1', words).status).toBe('processing');
    expect(refundAnswer('', '', words)).toEqual({
      status: 'processing',
      refundId: '',
      message: '',
    });
  });
});
