/**
 * Pure rules of group membership (no I/O), shared by UserGroupService and its unit spec.
 */

export const DAY_MS = 86_400_000;

/** A membership counts while it has no end (null) or its end is still ahead. */
export function membershipActive(expireTime: Date | null, now: Date): boolean {
  return expireTime === null || expireTime.getTime() > now.getTime();
}

export interface CurrentMembership {
  groupId: number;
  expireTime: Date | null;
}

/**
 * The new `expire_time` after buying `expireDay` days of `groupId` (null = no expiry).
 * - expireDay 0 gives a membership without end.
 * - Otherwise the days are added to max(now, current expiry): time left is never lost, whichever
 *   group it was in (AnqiCMS does the same when switching groups).
 * - Buying timed days of the group one already holds for ever keeps it for ever.
 * - A null expiry outside a group (group 0, the default of every account) is "never bought":
 *   the days start now.
 */
export function extendedExpiry(
  current: CurrentMembership,
  groupId: number,
  expireDay: number,
  now: Date,
): Date | null {
  if (expireDay === 0) return null;
  if (current.expireTime === null && current.groupId === groupId && groupId > 0) return null;
  const from =
    current.expireTime && current.expireTime.getTime() > now.getTime()
      ? current.expireTime.getTime()
      : now.getTime();
  return new Date(from + expireDay * DAY_MS);
}
