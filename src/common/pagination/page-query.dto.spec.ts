import { MAX_PAGE_SIZE, pageWindow } from './page-query.dto.js';

describe('pageWindow', () => {
  it('defaults to the first page of 10', () => {
    expect(pageWindow({})).toEqual({ current: 1, limit: 10, offset: 0 });
  });

  it('accepts page_size and pageSize, page_size winning', () => {
    expect(pageWindow({ current: 3, pageSize: 5 })).toEqual({ current: 3, limit: 5, offset: 10 });
    expect(pageWindow({ current: 2, page_size: 20, pageSize: 5 })).toEqual({
      current: 2,
      limit: 20,
      offset: 20,
    });
  });

  it('caps the page size', () => {
    expect(pageWindow({ page_size: 100000 }).limit).toBe(MAX_PAGE_SIZE);
  });
});
