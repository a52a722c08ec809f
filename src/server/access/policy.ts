// The one authorization mechanism. Each module declares its rules as data (`definePolicy`), keyed
// `resource.action`; its service authorizes through `authorize`, its presenter computes the UI's
// buttons through `abilities`, and both read the same rules. Scope stays in the queries: a rule
// judges one row the service has already read.
//
// The one 403/404 rule:
//   403 — no role of the actor may attempt the action at all (`roles`), or the actor sees the row
//         but may not do this to it (`sees` holds, `allow` does not);
//   404 — the row does not exist, or lies outside what the actor sees (another department's
//         course is not theirs to know about).
import { Forbidden, NotFound } from '../http/errors.js';
import type { Actor, Role } from './actor.js';
import { hasRole } from './predicates.js';

export type MaybeActor = Actor | null | undefined;

export type Rule<Row> = {
  /** Roles that may attempt the action at all; anyone else gets 403 before any row is read. */
  readonly roles: readonly Role[];
  /** Whether this actor may do it to this row (default: holding one of `roles` is enough). */
  readonly allow?: (actor: Actor, row: Row) => boolean;
  /** Whether the row exists for this actor (default: `allow`): a row outside it is a 404. */
  readonly sees?: (actor: Actor, row: Row) => boolean;
  /** The 403's explanation, in Russian. */
  readonly denied?: string;
  /** The 404's explanation, in Russian. */
  readonly missing?: string;
};

/** One rule, its row type inferred from `allow` (a creation rule judges the parent it creates in). */
export const rule = <Row = null>(
  roles: readonly Role[],
  allow?: (actor: Actor, row: Row) => boolean,
  texts: Pick<Rule<Row>, 'sees' | 'denied' | 'missing'> = {},
): Rule<Row> => ({ roles, allow, ...texts });

/** Every role that signs in. */
export const ANY_ROLE: readonly Role[] = [
  'operator',
  'provider_admin',
  'head',
  'manager',
  'methodist',
  'teacher',
];

// biome-ignore lint/suspicious/noExplicitAny: the rules' row types differ; each is recovered by RowOf
type Rules = Record<string, Rule<any>>;

export type Policy<R extends Rules> = ReturnType<typeof definePolicy<R>>;
export type ActionOf<P> = P extends { actions: readonly (infer A)[] } ? A : never;

export function definePolicy<R extends Rules>(rules: R) {
  type Action = keyof R & string;
  type RowOf<A extends Action> = R[A] extends Rule<infer Row> ? Row : never;

  const ruleOf = (action: Action): Rule<unknown> | undefined =>
    Object.hasOwn(rules, action) ? rules[action] : undefined;

  /** Whether some role of the actor could do `action` to some row: a 403 before any lookup otherwise. */
  function mayAttempt(actor: MaybeActor, action: Action): actor is Actor {
    const r = ruleOf(action);
    return r !== undefined && hasRole(actor, ...r.roles);
  }

  /** Whether the actor may do `action` to `row`. Unknown actions and anonymous visitors: no. */
  function can<A extends Action>(actor: MaybeActor, action: A, row: RowOf<A>): boolean {
    if (!mayAttempt(actor, action)) return false;
    const r = ruleOf(action) as Rule<RowOf<A>>;
    return r.allow === undefined || r.allow(actor, row);
  }

  /** `row` when the actor may do `action` to it; otherwise the one 403/404 rule above. */
  function authorize<A extends Action, Row extends RowOf<A>>(
    actor: MaybeActor,
    action: A,
    row: Row | undefined,
  ): Row {
    const r = ruleOf(action) as Rule<Row> | undefined;
    if (r === undefined || !mayAttempt(actor, action)) throw new Forbidden(r?.denied);
    const sees = r.sees ?? r.allow;
    if (row === undefined || (sees !== undefined && !sees(actor, row))) throw new NotFound(r.missing);
    if (r.allow !== undefined && !r.allow(actor, row)) throw new Forbidden(r.denied);
    return row;
  }

  /**
   * The 403 of the rule above alone, for what has no one row to judge (a list, a bulk action): the
   * actor when some role of theirs may attempt `action`.
   */
  function authorizeAttempt(actor: MaybeActor, action: Action): Actor {
    if (!mayAttempt(actor, action)) throw new Forbidden(ruleOf(action)?.denied);
    return actor;
  }

  /** For presenters: which of `actions` the actor may take on `row`, keyed by action. */
  function abilities<A extends Action>(actor: MaybeActor, row: RowOf<A>, actions: readonly A[]) {
    return Object.fromEntries(actions.map((a) => [a, can(actor, a, row)])) as Record<A, boolean>;
  }

  return {
    rules,
    actions: Object.keys(rules) as Action[],
    mayAttempt,
    can,
    authorize,
    authorizeAttempt,
    abilities,
  };
}
