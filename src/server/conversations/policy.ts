// Who takes part in a conversation, as rules of the one mechanism (access/policy.ts): its two
// sides only — the staff (managers and head) of the course's department and the methodists of the
// territory — and only about a course that has been published (a draft exists for its department
// alone). Anyone else does not know the thread exists (404); a role that is never a side is 403.
import type { Actor, Role } from '../access/actor.js';
import { definePolicy, type MaybeActor, rule } from '../access/policy.js';
import { isMethodistOf, isStaffOf } from '../access/predicates.js';

/** A thread as the policy sees it: its course's department, its territory, when the course was published. */
export type ThreadTarget = { departmentId: number; territoryId: number; publishedAt: Date | null };

export const SIDE_ROLES: readonly Role[] = ['head', 'manager', 'methodist'];

/** Which sides of the thread the actor is on: whom a message of theirs goes to. */
export const sidesOf = (actor: MaybeActor, row: ThreadTarget) => ({
  staff: isStaffOf(actor, row.departmentId),
  methodist: isMethodistOf(actor, row.territoryId),
});

const isSide = (actor: Actor, row: ThreadTarget) => {
  const sides = sidesOf(actor, row);
  return row.publishedAt !== null && (sides.staff || sides.methodist);
};

const side = rule<ThreadTarget>(SIDE_ROLES, isSide, {
  denied: 'Переписка доступна руководителям курсов и методистам',
  missing: 'Переписка не найдена или недоступна',
});

export const conversationsPolicy = definePolicy({
  /** Reading a thread (and the list of one's threads, and their unread count). */
  'conversation.view': side,
  /** Writing to it: the first message creates the thread. An archived course's thread is read-only (409). */
  'conversation.post': side,
  'conversation.markRead': side,
});
