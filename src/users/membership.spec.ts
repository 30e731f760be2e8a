import { DAY_MS, extendedExpiry, membershipActive } from './membership.js';

const now = new Date('2026-01-10T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * DAY_MS);

describe('membershipActive', () => {
  it('is active without an end, or while the end is ahead', () => {
    expect(membershipActive(null, now)).toBe(true);
    expect(membershipActive(days(1), now)).toBe(true);
    expect(membershipActive(now, now)).toBe(false);
    expect(membershipActive(days(-1), now)).toBe(false);
  });
});

describe('extendedExpiry', () => {
  it('starts from now for an account that never bought anything', () => {
    expect(extendedExpiry({ groupId: 0, expireTime: null }, 2, 30, now)).toEqual(days(30));
  });

  it('adds to the remaining time of a running membership', () => {
    expect(extendedExpiry({ groupId: 2, expireTime: days(5) }, 2, 30, now)).toEqual(days(35));
  });

  it('keeps the remaining time when switching to another group', () => {
    expect(extendedExpiry({ groupId: 3, expireTime: days(5) }, 2, 30, now)).toEqual(days(35));
  });

  it('starts from now when the membership already ended', () => {
    expect(extendedExpiry({ groupId: 2, expireTime: days(-40) }, 2, 30, now)).toEqual(days(30));
  });

  it('gives a membership without end when the group has expire_day 0', () => {
    expect(extendedExpiry({ groupId: 0, expireTime: null }, 2, 0, now)).toBeNull();
    expect(extendedExpiry({ groupId: 2, expireTime: days(5) }, 2, 0, now)).toBeNull();
  });

  it('keeps a membership without end of the same group', () => {
    expect(extendedExpiry({ groupId: 2, expireTime: null }, 2, 30, now)).toBeNull();
  });

  it('times a switch away from a group held without end', () => {
    expect(extendedExpiry({ groupId: 3, expireTime: null }, 2, 30, now)).toEqual(days(30));
  });
});
