// `ebppk create-user`: bootstraps an account from the command line (the first operator, or staff
// before the web UI is used). Errors are thrown in Russian for the console; the account may sign
// in with the given password at once, and its creation is audited with no actor.
import { type UserCreate, userCreate } from '../../contract/accounts.js';
import { ROLES, type RoleName } from '../../contract/auth.js';
import { passwordStrength } from '../../contract/password-strength.js';
import { hashPassword } from '../auth/passwords.js';
import { startClock } from '../clock.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { Conflict } from '../http/errors.js';
import { insertAccount, resolveGrants, roleLabel } from './service.js';

const SCOPE_OPTION: Record<RoleName, 'territory' | 'provider' | 'department' | null> = {
  operator: null,
  teacher: null,
  provider_admin: 'provider',
  head: 'department',
  manager: 'department',
  methodist: 'territory',
};

const OPTION_OF_FIELD: Record<string, string> = {
  login: '--login',
  password: '--password',
  lastName: '--last-name',
  firstName: '--first-name',
  middleName: '--middle-name',
  email: '--email',
  territoryId: '--territory',
  providerId: '--provider',
  departmentId: '--department',
};

const optionOf = (path: PropertyKey[]) => {
  const last = String(path[path.length - 1] ?? '');
  return OPTION_OF_FIELD[last] ?? (path.length ? path.join('.') : '--role');
};

export async function createUserFromCli(
  db: Database,
  values: Record<string, string | undefined>,
  now: Date = startClock(loadConfig().startAt)(),
): Promise<{ id: number; login: string }> {
  const role = values.role;
  if (!role) throw new Error(`Укажите роль: --role ${ROLES.join('|')}`);
  if (!(ROLES as readonly string[]).includes(role))
    throw new Error(`Неизвестная роль «${role}». Допустимые роли: ${ROLES.join(', ')}`);
  const roleName = role as RoleName;
  if (roleName === 'teacher')
    throw new Error('Педагоги регистрируются сами на сайте Банка; командой создаются сотрудники');
  const scope = SCOPE_OPTION[roleName];
  for (const option of ['territory', 'provider', 'department'] as const) {
    if (option === scope && !values[option])
      throw new Error(`Для роли «${roleLabel(roleName)}» укажите --${option} ID`);
    if (option !== scope && values[option])
      throw new Error(`Параметр --${option} не нужен для роли «${roleLabel(roleName)}»`);
  }
  const login = (values.login ?? '').trim().toLowerCase();
  const raw: UserCreate = {
    login,
    password: values.password ?? '',
    // Names are optional on the command line: a bootstrap account is named after its role.
    lastName: values['last-name'] ?? roleLabel(roleName).replace(/^./, (c) => c.toUpperCase()),
    firstName: values['first-name'] ?? login,
    middleName: values['middle-name'] ?? null,
    email: values.email ?? null,
    roles: [
      scope === null
        ? { role: roleName as 'operator' }
        : ({ role: roleName, [`${scope}Id`]: values[scope] } as UserCreate['roles'][number]),
    ],
  };
  const parsed = userCreate.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${optionOf(i.path)}: ${i.message}`);
    throw new Error(`Неверные параметры — ${problems.join('; ')}`);
  }
  const input = parsed.data;
  const { grants, errors } = await resolveGrants(db, input.roles);
  if (errors.length) {
    const id = scope ? values[scope] : '';
    const missing = {
      territory: `Территория с id ${id} не найдена`,
      provider: `Поставщик с id ${id} не найден`,
      department: `Подразделение с id ${id} не найдено`,
    };
    throw new Error(scope ? missing[scope] : errors.map((e) => e.message).join('; '));
  }
  const weak = passwordStrength(input.password, [input.login, input.lastName, input.firstName]).problem;
  if (weak) throw new Error(`Неверные параметры — --password: ${weak}`);
  const passwordHash = await hashPassword(input.password);
  const { password: _password, roles: _roles, ...fields } = input;
  const id = await db.transaction().execute((trx) =>
    insertAccount(
      trx,
      now,
      { actor: null, meta: null },
      { ...fields, passwordHash, mustChangePassword: false },
      grants,
    ).catch((error: unknown) => {
      if (error instanceof Conflict) throw new Error(`Логин «${input.login}» уже занят`);
      throw error;
    }),
  );
  return { id, login: input.login };
}
