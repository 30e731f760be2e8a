import { MAX_TRIES, retryDelaySeconds } from './webhook-retry.js';

describe('webhook retry schedule', () => {
  it('waits about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const middle = [1, 2, 3, 4, 5, 6, 7, 8].map((tries) => retryDelaySeconds(tries, 0.5));
    expect(middle).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 36_000, undefined]);
    expect(MAX_TRIES).toBe(8);
  });

  it('spreads each wait by at most 10 %', () => {
    expect(retryDelaySeconds(1, 0)).toBe(4.5);
    expect(retryDelaySeconds(2, 0.999_999)).toBeCloseTo(330, 2);
  });
});
