import type { NamedActor, PersonActor } from '../common/state-machine/actor.js';

/**
 * The thread's names for the common actors (src/common/state-machine/actor.ts). A CommActor is
 * anyone a message can come from, the server included (SYSTEM_ACTOR, whose messages are `system`
 * ones): the transition service, the thread writer and the lookup take any. A CommParticipant is
 * a person on one side of the thread, as `@CurrentActor()` made them: the use cases behind the
 * routes take one.
 */
export type CommActor = NamedActor;
export type CommParticipant = PersonActor;

/** The two sides of a thread: the customer and staff. */
export type CommSide = PersonActor['role'];
