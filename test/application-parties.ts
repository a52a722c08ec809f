// The parties of an application's workflow, logged in, for tests that walk the workflow table
// through the API: a teacher of an organization in a territory, that territory's methodist, and a
// manager (the staff) of the department whose courses the teacher applies for.
import type { Session, TestApp } from './app.js';
import { buildDepartment, buildOrganization, buildProvider, buildTerritory, buildUser } from './factories.js';

export async function applicationParties(t: TestApp) {
  const territoryId = (await buildTerritory(t.db)).id;
  const organizationId = (await buildOrganization(t.db, { territoryId })).id;
  const dept = (await buildDepartment(t.db, { providerId: (await buildProvider(t.db)).id })).id;
  const teacher = await buildUser(t.db, { organizationId });
  const methodist = await buildUser(t.db, { roles: [{ role: 'methodist', territoryId }] });
  const staff = await buildUser(t.db, { roles: [{ role: 'manager', departmentId: dept }] });
  const sessions: Record<'teacher' | 'methodist' | 'staff', Session> = {
    teacher: await t.login(teacher.login),
    methodist: await t.login(methodist.login),
    staff: await t.login(staff.login),
  };
  return { territoryId, dept, teacherId: teacher.id, sessions };
}
