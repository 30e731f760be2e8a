import { endOfDay } from './services/staff-inbox.service.js';
import { staffPath } from './staff-page.response.js';

describe('staff page helpers', () => {
  it('follows only staff page paths after sign-in', () => {
    expect(staffPath('/staff/requests/3?status=1')).toBe('/staff/requests/3?status=1');
    for (const elsewhere of [
      'https://evil.example/',
      '//evil.example/staff/',
      '/api/x',
      '/staff//evil.example',
      '/staff/\\evil',
      undefined,
      7,
    ]) {
      expect(staffPath(elsewhere)).toBe('/staff/inbox');
    }
  });

  it('reads an expiry day as its last second in the browser’s zone', () => {
    expect(endOfDay('2099-05-01', 480)).toBe(Date.UTC(2099, 4, 1, 15, 59, 59) / 1000);
    expect(endOfDay('2099-05-01', -300)).toBe(Date.UTC(2099, 4, 2, 4, 59, 59) / 1000);
    expect(endOfDay('2099-05-01')).toBe(Date.UTC(2099, 4, 1, 15, 59, 59) / 1000);
  });
});
