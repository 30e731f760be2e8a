import { SqlParams } from './sql-params.js';

describe('SqlParams', () => {
  it('numbers placeholders in the order values are added, with an optional cast', () => {
    const params = new SqlParams();
    expect(params.add(7)).toBe('$1');
    expect(params.add('x', 'text')).toBe('$2::text');
    expect(params.add(null, 'int[]')).toBe('$3::int[]');
    expect(params.values).toEqual([7, 'x', null]);
  });
});
