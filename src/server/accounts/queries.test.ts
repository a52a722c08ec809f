// The compiled SQL of the account scope: a change to who sees which accounts shows here in review.
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import type { Actor, Grant } from '../access/actor.js';
import { visibleTo } from './queries.js';

const t = await testApp();

const actor = (...grants: Grant[]): Actor => ({
  userId: 1,
  login: 'a',
  grants,
  mustChangePassword: false,
  sessionId: 's',
  csrfToken: 'c',
});
const scopeSql = (a: Actor) =>
  t.db
    .selectFrom('users as u')
    .where((eb) => visibleTo(eb, a))
    .select('u.id')
    .compile();
const none = { territoryId: null, providerId: null, departmentId: null };

describe('account scope SQL', () => {
  it('gives the operator every account', () => {
    expect(scopeSql(actor({ role: 'operator', ...none })).sql).toMatchInlineSnapshot(
      `"select "u"."id" from "users" as "u" where true"`,
    );
  });

  it('gives a head the heads and managers of their departments', () => {
    const compiled = scopeSql(
      actor(
        { role: 'head', ...none, departmentId: 5, providerId: 9 },
        { role: 'head', ...none, departmentId: 6 },
      ),
    );
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "u"."id" from "users" as "u" where exists (select 1 as "one" from "user_roles" as "r" left join "departments" as "d" on "d"."id" = "r"."department_id" where "r"."user_id" = "u"."id" and ("r"."role" in ($1, $2) and "r"."department_id" in ($3, $4)))"`,
    );
    expect(compiled.parameters).toEqual(['head', 'manager', 5, 6]);
  });

  it('gives a provider admin the staff and admins of their provider', () => {
    const compiled = scopeSql(actor({ role: 'provider_admin', ...none, providerId: 9 }));
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "u"."id" from "users" as "u" where exists (select 1 as "one" from "user_roles" as "r" left join "departments" as "d" on "d"."id" = "r"."department_id" where "r"."user_id" = "u"."id" and (("r"."role" in ($1, $2) and "d"."provider_id" in ($3)) or ("r"."role" = $4 and "r"."provider_id" in ($5))))"`,
    );
    expect(compiled.parameters).toEqual(['head', 'manager', 9, 'provider_admin', 9]);
  });

  it('gives anyone else nothing', () => {
    expect(scopeSql(actor({ role: 'manager', ...none, departmentId: 5 })).sql).toMatchInlineSnapshot(
      `"select "u"."id" from "users" as "u" where false"`,
    );
    expect(scopeSql({ ...actor({ role: 'operator', ...none }), mustChangePassword: true }).sql).toContain(
      'false',
    );
  });
});
