// The demo accounts `ebppk demo` creates, one per role, all with the one demo password: taken
// from the seed itself, so the journeys follow the demo data when it changes.
import type { RoleName } from '../../src/contract/auth';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/server/demo/seed';

export { DEMO_PASSWORD };

export type DemoRole = RoleName;

const CABINETS: Record<DemoRole, string> = {
  operator: 'Кабинет оператора',
  provider_admin: 'Кабинет администратора поставщика',
  head: 'Кабинет начальника подразделения',
  manager: 'Кабинет руководителя курсов',
  methodist: 'Кабинет методиста',
  teacher: 'Кабинет педагога',
};

export const DEMO_USERS = Object.fromEntries(
  (Object.keys(CABINETS) as DemoRole[]).map((role) => [
    role,
    { login: DEMO_LOGINS[role], cabinet: CABINETS[role] },
  ]),
) as Record<DemoRole, { login: string; cabinet: string }>;
