import { actorOf } from '../auth/current-actor.js';
import { ACTOR_SPELLINGS } from './actor-spellings.js';

describe('actor spellings', () => {
  it('keeps the stored and wire values clients and existing rows hold', () => {
    expect(ACTOR_SPELLINGS).toEqual({
      actorKind: { customer: 'customer', staff: 'admin', system: 'system' },
      actorType: { customer: 'customer', staff: 'staff', system: 'system' },
      senderType: { customer: 'user', staff: 'admin', system: 'system' },
    });
  });
});

describe('actorOf', () => {
  it('makes a customer actor signed with the user name', () => {
    expect(actorOf({ kind: 'customer', id: 7, userName: 'ann' })).toEqual({
      role: 'customer',
      id: 7,
      name: 'ann',
    });
  });

  it('makes a staff actor signed with the display name, else the user name', () => {
    const staff = { kind: 'admin', id: 3, userName: 'bob', role: 'owner' } as const;
    expect(actorOf({ ...staff, displayName: 'Bob Li' })).toEqual({
      role: 'staff',
      id: 3,
      name: 'Bob Li',
    });
    expect(actorOf(staff)).toEqual({ role: 'staff', id: 3, name: 'bob' });
  });
});
