import type { Principal } from '../common/auth/principal.js';
import { roleMay } from '../common/auth/staff-roles.js';
import { EventType, typesVisibleTo } from './event-catalogue.js';

export type Audience = 'customer' | 'staff';

export const audienceOf = (principal: Principal): Audience =>
  principal.kind === 'admin' ? 'staff' : 'customer';

/**
 * The event types a viewer's stream carries: a customer's the customer-visible ones (and only
 * their own rows), staff those their role's permissions name in the catalogue (owner: all), from
 * the same role table the access guard reads.
 */
export function streamTypes(principal: Principal): EventType[] {
  return principal.kind === 'admin'
    ? typesVisibleTo({ role: 'staff' }, (permission) => roleMay(principal.role, permission))
    : typesVisibleTo({ role: 'customer' }, () => false);
}
