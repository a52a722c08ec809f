// Every demo role signs in through the login form and lands on its cabinet: its card, the name of
// the territory, provider or department it acts in, and a navbar with its items and no others'.
import type { RoleGrant } from '../src/contract/auth';
import { currentUser } from './support/api';
import { DEMO_PASSWORD, DEMO_USERS, type DemoRole } from './support/demo';
import { expect, test } from './support/fixtures';
import { cabinetCard, mainNav, signInThroughForm } from './support/ui';

const ALL_ITEMS = [
  'Территории',
  'Организации',
  'Поставщики и подразделения',
  'Должности',
  'Учётные записи',
  'Учётные записи отдела',
  'Журнал аудита',
  'Поставщик',
  'Кабинет отдела',
  'Кабинет методиста',
  'Мой кабинет',
  'Моё повышение квалификации',
  'Педагоги без ПК',
  'Архив курсов',
  'Форма 1-ПК',
  'Профиль',
];

const NAV: Record<DemoRole, string[]> = {
  operator: [
    'Территории',
    'Организации',
    'Поставщики и подразделения',
    'Должности',
    'Учётные записи',
    'Журнал аудита',
    'Педагоги без ПК',
    'Архив курсов',
    'Форма 1-ПК',
    'Профиль',
  ],
  provider_admin: ['Поставщик', 'Учётные записи', 'Архив курсов', 'Форма 1-ПК', 'Профиль'],
  head: ['Учётные записи отдела', 'Архив курсов', 'Профиль'],
  manager: ['Кабинет отдела', 'Архив курсов', 'Профиль'],
  methodist: ['Кабинет методиста', 'Педагоги без ПК', 'Архив курсов', 'Профиль'],
  teacher: ['Мой кабинет', 'Моё повышение квалификации', 'Профиль'],
};

const SCOPE_LABEL: Partial<Record<DemoRole, string>> = {
  methodist: 'Территория',
  provider_admin: 'Поставщик',
  head: 'Подразделение',
  manager: 'Подразделение',
};

/** The name of the scope a role acts in, as /me tells it (the demo data decides the names). */
function scopeOf(grant: RoleGrant): string | undefined {
  switch (grant.role) {
    case 'methodist':
      return grant.territoryName;
    case 'provider_admin':
      return grant.providerName;
    case 'head':
    case 'manager':
      return grant.departmentName;
    case 'operator':
    case 'teacher':
      return undefined;
  }
}

for (const role of Object.keys(DEMO_USERS) as DemoRole[]) {
  const { login, cabinet } = DEMO_USERS[role];

  test(`${login} signs in and lands on «${cabinet}»`, async ({ page }) => {
    await signInThroughForm(page, login, DEMO_PASSWORD);

    await expect(page).toHaveURL(/\/cabinet/);
    const card = cabinetCard(page, cabinet);
    await expect(card).toBeVisible();
    await expect(card.getByRole('heading', { name: cabinet, exact: true })).toBeVisible();

    const me = await currentUser(page.request);
    const grant = me.roles.find((r) => r.role === role);
    expect(grant, `${login} has the role ${role}`).toBeDefined();
    const scope = grant ? scopeOf(grant) : undefined;
    if (role === 'operator') await expect(card.getByText('Весь край', { exact: true })).toBeVisible();
    else if (role === 'teacher') expect(scope).toBeUndefined();
    else {
      expect(scope, `the demo ${role} acts in a named scope`).toBeTruthy();
      await expect(card.getByText(`${SCOPE_LABEL[role]}: ${scope}`, { exact: false })).toBeVisible();
    }

    const nav = mainNav(page);
    await expect(nav).toBeVisible();
    for (const item of NAV[role])
      await expect(nav.getByRole('link', { name: item, exact: true })).toBeVisible();
    for (const item of ALL_ITEMS.filter((i) => !NAV[role].includes(i)))
      await expect(nav.getByRole('link', { name: item, exact: true })).toHaveCount(0);
  });
}
