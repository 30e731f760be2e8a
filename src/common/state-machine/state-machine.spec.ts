import { ACTOR_ROLES, SYSTEM_ACTOR } from './actor.js';
import {
  actionNames,
  allowedActions,
  nextStatuses,
  plan,
  renderMarkdown,
  rolesAllowed,
  StateMachine,
  statusesAllowing,
} from './state-machine.js';

/** A toy machine: a door that staff lock, anyone opens, and that goes back to where it was. */
enum Door {
  Closed = 0,
  Open = 1,
  Locked = 2,
}
type DoorAction = 'open' | 'close' | 'lock' | 'undo' | 'knock';

const DOOR: StateMachine<Door, DoorAction, { before: Door | null }> = {
  statuses: [Door.Closed, Door.Open, Door.Locked],
  names: { [Door.Closed]: 'closed', [Door.Open]: 'open', [Door.Locked]: 'locked' },
  actions: {
    open: {
      to: Door.Open,
      from: { customer: [Door.Closed], staff: [Door.Closed, Door.Locked] },
      description: 'Opens',
    },
    close: { to: Door.Closed, from: { customer: [Door.Open] }, description: 'Closes' },
    lock: { to: Door.Locked, from: { staff: [Door.Closed] }, description: 'Locks' },
    undo: {
      to: {
        label: 'where it was',
        candidates: [Door.Closed, Door.Open],
        resolve: (context) => context?.before ?? null,
      },
      from: { system: [Door.Locked] },
      description: 'Back to the status before',
    },
    knock: { to: 'same', from: { customer: [Door.Closed, Door.Locked] }, description: 'Knocks' },
  },
};

describe('state machine helper', () => {
  it('has three roles and a frozen system actor', () => {
    expect(ACTOR_ROLES).toEqual(['customer', 'staff', 'system']);
    expect(SYSTEM_ACTOR).toEqual({ role: 'system', id: 0, name: 'system' });
    expect(Object.isFrozen(SYSTEM_ACTOR)).toBe(true);
  });

  it('plans a move only from a listed status for a listed role', () => {
    expect(plan(DOOR, Door.Closed, 'open', 'customer')).toEqual({
      from: Door.Closed,
      to: Door.Open,
    });
    expect(plan(DOOR, Door.Locked, 'open', 'customer')).toBeNull();
    expect(plan(DOOR, Door.Locked, 'open', 'staff')).toEqual({ from: Door.Locked, to: Door.Open });
    expect(plan(DOOR, Door.Closed, 'lock', 'system')).toBeNull();
  });

  it("keeps the status for a 'same' activity", () => {
    expect(plan(DOOR, Door.Locked, 'knock', 'customer')).toEqual({
      from: Door.Locked,
      to: Door.Locked,
    });
    expect(plan(DOOR, Door.Open, 'knock', 'customer')).toBeNull();
  });

  it('resolves a target from the context, only to one of its candidates', () => {
    expect(plan(DOOR, Door.Locked, 'undo', 'system', { before: Door.Open })).toEqual({
      from: Door.Locked,
      to: Door.Open,
    });
    expect(plan(DOOR, Door.Locked, 'undo', 'system', { before: null })).toBeNull();
    expect(plan(DOOR, Door.Locked, 'undo', 'system')).toBeNull();
    expect(plan(DOOR, Door.Locked, 'undo', 'system', { before: Door.Locked })).toBeNull();
  });

  it('lists allowed actions in table order, and where an action is allowed', () => {
    expect(actionNames(DOOR)).toEqual(['open', 'close', 'lock', 'undo', 'knock']);
    expect(allowedActions(DOOR, Door.Closed, 'customer')).toEqual(['open', 'knock']);
    expect(allowedActions(DOOR, Door.Closed, 'staff')).toEqual(['open', 'lock']);
    expect(allowedActions(DOOR, Door.Locked, 'system', { before: Door.Closed })).toEqual(['undo']);
    expect(statusesAllowing(DOOR, 'open', 'staff')).toEqual([Door.Closed, Door.Locked]);
    expect(statusesAllowing(DOOR, 'lock', 'customer')).toEqual([]);
    expect(rolesAllowed(DOOR, 'open', Door.Closed)).toEqual(['customer', 'staff']);
  });

  it('derives the graph: targets of the moves, resolver candidates, no activities', () => {
    expect(nextStatuses(DOOR)).toEqual({
      [Door.Closed]: [Door.Open, Door.Locked],
      [Door.Open]: [Door.Closed],
      [Door.Locked]: [Door.Open, Door.Closed],
    });
  });

  it('renders one row per status', () => {
    expect(renderMarkdown(DOOR, { by: 'status' }).split('\n')).toEqual([
      '| from | action → to (who) |',
      '| --- | --- |',
      '| 0 closed | open → 1 open (customer, staff); lock → 2 locked (staff) |',
      '| 1 open | close → 0 closed (customer) |',
      '| 2 locked | open → 1 open (staff); undo → where it was (system) |',
    ]);
  });

  it('renders one row per action, with extra columns', () => {
    const table = renderMarkdown(DOOR, {
      by: 'action',
      columns: [{ header: 'noise', cell: (action) => (action === 'knock' ? 'loud' : '') }],
    });
    expect(table.split('\n')).toEqual([
      '| action | who: from status | to status | noise | effect |',
      '| --- | --- | --- | --- | --- |',
      '| open | customer: 0 closed; staff: 0 closed, 2 locked | 1 open |  | Opens |',
      '| close | customer: 1 open | 0 closed |  | Closes |',
      '| lock | staff: 0 closed | 2 locked |  | Locks |',
      '| undo | system: 2 locked | where it was |  | Back to the status before |',
      '| knock | customer: 0 closed, 2 locked | same status | loud | Knocks |',
    ]);
  });
});
