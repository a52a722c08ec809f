// Every module authorizes through the one mechanism (policy.ts): its rules are data in its own
// policy.ts, and its service asks them through `authorize`, `authorizeAttempt`, `can` or
// `abilities`. This reads the server's sources and fails on the ways modules used to decide by
// themselves — each of which the code had until the modules adopted the mechanism (the cases in
// the second test are lines it had):
//   - a 403 thrown outside policy.ts (`new Forbidden(…)`, a `DomainError(403, …)`);
//   - a role predicate (`isOperator`, `hasRole`, `isTeacher`, `isStaffOf` …) imported from
//     access/predicates.js anywhere but a policy.ts — queries read the actor's scopes through
//     access/scope.ts or the `…IdsOf` helpers, which answer "which ids", never "may they";
//   - a look at the actor's grants (`actor.grants.some((g) => g.role === …)`) past the predicates;
//   - a policy.ts of rules in a shape of its own (a switch, loose predicates) instead of definePolicy.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = join(import.meta.dirname, '..');

/** What queries may take from predicates.js: the ids of the actor's scopes, for `WHERE … IN (…)`. */
const SCOPE_HELPERS = new Set(['departmentIdsOf', 'territoryIdsOf', 'providerIdsOf']);

/**
 * Where a 403 may be thrown outside the policies: the mechanism itself; the request gate that
 * holds back every write of a session with a temporary password or without the CSRF proof; and
 * signing in, which refuses a blocked account. Those two know no module and no role.
 */
const MAY_THROW_403 = new Set(['access/policy.ts', 'http/request.ts', 'auth/service.ts']);

/** Why `source` (at `path`, relative to src/server) authorizes past the one mechanism; empty if it does not. */
function violations(path: string, source: string): string[] {
  const found: string[] = [];
  const isPolicy = path.endsWith('/policy.ts') || path.startsWith('access/');
  if (!MAY_THROW_403.has(path)) {
    for (const m of source.matchAll(/new\s+Forbidden\s*\(|new\s+DomainError\s*\(\s*403\b/g))
      found.push(`${path}: throws a 403 itself (${m[0]}…) instead of its policy's authorize`);
  }
  if (!isPolicy) {
    const imports = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"][./]*access\/predicates(?:\.js)?['"]/g;
    for (const m of source.matchAll(imports)) {
      const names = (m[1] ?? '')
        .split(',')
        .map((n) => n.trim().replace(/^type\s+/, ''))
        .filter(Boolean);
      for (const name of names.filter((n) => !SCOPE_HELPERS.has(n)))
        found.push(`${path}: imports the role predicate ${name} (a role check belongs in policy.ts)`);
    }
    for (const m of source.matchAll(/\bactor\??\.grants\b/g))
      found.push(`${path}: reads the actor's grants (${m[0]}) instead of asking its policy`);
  }
  return found;
}

/** Every non-test source file of the server's modules, as paths relative to src/server. */
function sources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(SERVER);
  return files.map((f) => relative(SERVER, f).replaceAll('\\', '/'));
}

describe('every module authorizes through the one mechanism (this fails on the code as it was before the modules adopted it)', () => {
  it('no source outside the policies throws a 403, imports a role predicate or reads the actor’s grants', () => {
    const files = sources();
    // The scan reads what it means to: every module with a service and each one's policy.
    for (const module of [
      'accounts',
      'applications',
      'conversations',
      'courses',
      'directory',
      'notifications',
      'profile',
      'programs',
      'audit',
    ]) {
      expect(files).toContain(`${module}/service.ts`);
      expect(files).toContain(`${module}/policy.ts`);
    }
    const found = files.flatMap((p) => violations(p, readFileSync(join(SERVER, p), 'utf8')));
    expect(found).toEqual([]);
  });

  it('every module’s policy.ts declares its rules with definePolicy', () => {
    const policies = sources().filter((p) => p.endsWith('/policy.ts') && !p.startsWith('access/'));
    expect(policies.length).toBeGreaterThanOrEqual(7);
    const shapeless = policies.filter((p) => !/\bdefinePolicy\(/.test(readFileSync(join(SERVER, p), 'utf8')));
    expect(shapeless).toEqual([]);
  });

  it('catches each way a module used to decide by itself', () => {
    const was = {
      'accounts/service.ts': [
        "import { isOperator } from '../access/predicates.js';",
        "  if (!isOperator(actor)) throw new Forbidden('Роли назначает только оператор');",
      ],
      'applications/service.ts': [
        "import { hasRole, isMethodistOf, territoryIdsOf } from '../access/predicates.js';",
        "  if (forOther && !actor.grants.some((g) => g.role === 'methodist')) throw new Forbidden();",
      ],
      'audit/queries.ts': [
        "import { isOperator } from '../access/predicates.js';",
        "  if (!isOperator(actor)) throw new Forbidden('Журнал аудита доступен только оператору');",
      ],
      'notifications/service.ts': ["import { isOperator } from '../access/predicates.js';"],
      'profile/service.ts': ["import { isTeacher } from '../access/predicates.js';"],
      'conversations/service.ts': [
        "import { isMethodistOf, isStaffOf } from '../access/predicates.js';",
        "  if (!mayAttempt(actor)) throw new Forbidden('Переписка доступна руководителям курсов и методистам');",
      ],
      'applications/queries.ts': [
        "import {\n  departmentIdsOf,\n  isOperator,\n  isTeacher,\n  providerIdsOf,\n  territoryIdsOf,\n} from '../access/predicates.js';",
      ],
      'somewhere/routes.ts': ["throw new DomainError(403, 'Запрос отклонён');"],
    };
    for (const [path, lines] of Object.entries(was))
      for (const line of lines) expect(violations(path, line), `${path}: ${line}`).not.toEqual([]);
    expect(
      violations(
        'applications/queries.ts',
        "import {\n  isOperator,\n  isTeacher,\n} from '../access/predicates.js';",
      ),
    ).toHaveLength(2);
  });

  it('lets pass what is allowed: the policies, the scope helpers, the request gate', () => {
    const ok = {
      'conversations/queries.ts':
        "import { departmentIdsOf, territoryIdsOf } from '../access/predicates.js';",
      'accounts/queries.ts': "import { scopeOf } from '../access/scope.js';",
      'accounts/policy.ts':
        "import { isHeadOf, isOperator, isProviderAdminOf } from '../access/predicates.js';",
      'access/policy.ts':
        '    if (r === undefined || !mayAttempt(actor, action)) throw new Forbidden(r?.denied);',
      'http/request.ts': "      throw new Forbidden('Сначала смените временный пароль');",
      'accounts/service.ts': "  const teacher = grants.some((g) => g.role === 'teacher');",
    };
    for (const [path, line] of Object.entries(ok)) expect(violations(path, line), path).toEqual([]);
  });
});
