import { csvCell, csvHeader } from './order-csv.js';

describe('order CSV cells', () => {
  it('leaves plain values alone', () => {
    expect(csvCell('202211232209080046')).toBe('202211232209080046');
    expect(csvCell(9900)).toBe('9900');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('张三 13800000000')).toBe('张三 13800000000');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx'])
      expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
  });

  it('starts with a BOM and names every column once', () => {
    const header = csvHeader();
    expect(header.startsWith('\uFEFF')).toBe(true);
    const names = header.slice(1).trim().split(',');
    expect(new Set(names).size).toBe(names.length);
  });
});
