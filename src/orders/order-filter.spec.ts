import { parseStatusFilter } from './order-filter.js';
import { OrderStatus } from './order-status.js';
import { requestedLines } from './services/order-pricing.service.js';

describe('order list status filter', () => {
  it('reads AnqiCMS names, the added ones and numbers; empty means all', () => {
    expect(parseStatusFilter(undefined)).toBeUndefined();
    expect(parseStatusFilter('')).toBeUndefined();
    expect(parseStatusFilter('waiting')).toBe(OrderStatus.Waiting);
    expect(parseStatusFilter('delivery')).toBe(OrderStatus.Delivered);
    expect(parseStatusFilter('refunding')).toBe(OrderStatus.Refunding);
    expect(parseStatusFilter('refunded')).toBe(OrderStatus.Refunded);
    expect(parseStatusFilter('closed')).toBe(OrderStatus.Cancelled);
    expect(parseStatusFilter('canceled')).toBe(OrderStatus.Cancelled);
    expect(parseStatusFilter('-1')).toBe(OrderStatus.Cancelled);
    expect(parseStatusFilter('7')).toBeUndefined();
  });
});

describe('requested order lines', () => {
  it('takes goods_id/quantity/goods_sku_id, defaulting quantity to 1', () => {
    expect(requestedLines({ goods_id: 3 })).toEqual([{ goodsId: 3, skuId: 0, quantity: 1 }]);
    expect(requestedLines({ goods_id: 3, quantity: 2, goods_sku_id: 9 })).toEqual([
      { goodsId: 3, skuId: 9, quantity: 2 },
    ]);
  });

  it('prefers details[] and merges the same product and option', () => {
    expect(
      requestedLines({
        goods_id: 1,
        details: [
          { goods_id: 3, quantity: 1 },
          { goods_id: 3, quantity: 2 },
          { goods_id: 3, quantity: 1, goods_sku_id: 4 },
        ],
      }),
    ).toEqual([
      { goodsId: 3, skuId: 0, quantity: 3 },
      { goodsId: 3, skuId: 4, quantity: 1 },
    ]);
  });

  it('is empty without products', () => {
    expect(requestedLines({})).toEqual([]);
  });
});
