import { rowNumber } from './order-number.js';

describe('order numbers', () => {
  it('is the local 14-digit time plus the last four digits of the zero-padded id', () => {
    const at = new Date(2022, 10, 23, 22, 9, 8);
    expect(rowNumber(at, 46)).toBe('202211232209080046');
    expect(rowNumber(at, 7)).toBe('202211232209080007');
    expect(rowNumber(at, 123456)).toBe('202211232209083456');
  });

  it('is always 18 digits', () => {
    for (const id of [1, 9999, 10000, 2_147_483_647]) {
      expect(rowNumber(new Date(), id)).toMatch(/^\d{18}$/);
    }
  });
});
