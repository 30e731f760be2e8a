import { defineQueries } from '../common/database/query-object.js';

/** Coupons: the hand-written statements (the rest are query builders in the services). */
export const CouponQueries = defineQueries(
  'coupons.coupon',
  {
    /**
     * $1 = `coupon-user:<coupon id>:<user id>`: serialises one customer's redemptions of one
     * coupon until the transaction ends, so a per-user limit cannot be raced past.
     */
    lockUserRedemptions: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
  },
  {},
);
