// The navbar's items for a user: the union of what each of their roles may open, in one order,
// without duplicates (an operator who is also a head sees «Учётные записи» once).
import type { Me, RoleName } from '../../contract/auth';
import { applicationsText } from '../i18n/applications';
import { ru } from '../i18n/ru';

export type NavItem = { to: string; label: string; key: string };

const CABINET_ROLES: { role: RoleName; label: string }[] = [
  { role: 'manager', label: ru.nav.managerCabinet },
  { role: 'methodist', label: ru.nav.methodistCabinet },
  { role: 'teacher', label: ru.nav.teacherCabinet },
];

export function navItems(me: Me): NavItem[] {
  const has = (role: RoleName) => me.roles.some((r) => r.role === role);
  const items: NavItem[] = [];
  const add = (item: NavItem) => {
    if (!items.some((i) => i.to === item.to)) items.push(item);
  };

  const cabinets = CABINET_ROLES.filter((c) => has(c.role));
  if (cabinets.length === 0) add({ key: 'cabinet', to: '/cabinet', label: ru.nav.cabinet });
  for (const c of cabinets) add({ key: `cabinet-${c.role}`, to: `/cabinet#${c.role}`, label: c.label });

  if (has('teacher')) add({ key: 'my-applications', to: '/applications/mine', label: ru.nav.myApplications });
  if (has('teacher')) add({ key: 'my-cpd', to: '/cpd', label: ru.nav.myCpd });
  if (has('methodist')) {
    add({ key: 'methodist-basket', to: '/baskets/methodist', label: ru.nav.methodistBasket });
    add({ key: 'attendance', to: '/attendance', label: ru.nav.attendance });
  }
  if (has('methodist') || has('operator')) {
    add({ key: 'teachers', to: '/teachers', label: ru.nav.teachers });
    add({ key: 'overdue-teachers', to: '/teachers/overdue', label: ru.nav.overdueTeachers });
  }
  if (has('manager') || has('head') || has('provider_admin'))
    add({ key: 'provider-basket', to: '/baskets/provider', label: ru.nav.providerBasket });
  if (has('manager') || has('head') || has('provider_admin') || has('operator')) {
    add({ key: 'programs', to: '/workspace/programs', label: ru.nav.programs });
    add({ key: 'courses', to: '/workspace/courses', label: ru.nav.courses });
  }
  if (has('manager') || has('head') || has('provider_admin') || has('methodist') || has('operator'))
    add({ key: 'archive', to: '/archive', label: ru.nav.archive });
  if (has('manager') || has('head') || has('provider_admin') || has('methodist') || has('operator'))
    add({ key: 'reports', to: '/reports', label: ru.nav.reports });
  if (has('methodist') || has('manager') || has('head'))
    add({ key: 'conversations', to: '/conversations', label: ru.nav.conversations });
  if (has('operator')) {
    add({ key: 'region-basket', to: '/baskets/region', label: applicationsText.regionNav });
    add({ key: 'territories', to: '/territories', label: ru.nav.territories });
    add({ key: 'organizations', to: '/organizations', label: ru.nav.organizations });
    add({ key: 'providers', to: '/providers', label: ru.nav.providers });
    add({ key: 'positions', to: '/positions', label: ru.nav.positions });
    add({ key: 'users', to: '/users', label: ru.nav.users });
    add({ key: 'audit', to: '/audit', label: ru.nav.audit });
    add({ key: 'outbox', to: '/outbox', label: ru.nav.outbox });
  }
  const adminGrants = me.roles.filter((r) => r.role === 'provider_admin' && r.providerId);
  for (const grant of adminGrants)
    add({
      key: `provider-${grant.providerId}`,
      to: `/providers/${grant.providerId}`,
      label:
        adminGrants.length > 1 && grant.providerName
          ? `${ru.nav.provider}: ${grant.providerName}`
          : ru.nav.provider,
    });
  if (adminGrants.length > 0) add({ key: 'users', to: '/users', label: ru.nav.users });
  if (adminGrants.length > 0 || has('operator'))
    add({ key: 'form-1pk', to: '/reports/form-1pk', label: ru.nav.form1pk });
  // A provider's documents for a period: of each provider the user keeps (or some department of).
  const documentProviders = [
    ...new Set(
      me.roles.flatMap((r) =>
        ['provider_admin', 'head', 'manager'].includes(r.role) && r.providerId ? [r.providerId] : [],
      ),
    ),
  ];
  for (const providerId of documentProviders)
    add({
      key: `provider-documents-${providerId}`,
      to: `/providers/${providerId}/documents`,
      label: ru.nav.periodDocuments,
    });
  if (documentProviders.length > 0) add({ key: 'my-jobs', to: '/jobs', label: ru.nav.myJobs });
  if (has('head')) add({ key: 'users', to: '/users', label: ru.nav.departmentUsers });
  add({ key: 'catalog', to: '/catalog', label: ru.nav.catalog });
  add({ key: 'profile', to: '/profile', label: ru.nav.profile });
  return items;
}

/** Whether a nav item is the current page; `/cabinet#role` items share one page. */
export function isActive(item: NavItem, items: NavItem[], pathname: string, hash: string): boolean {
  const [path, fragment] = item.to.split('#');
  if (fragment !== undefined) {
    if (pathname !== path) return false;
    if (hash) return hash === `#${fragment}`;
    return items.find((i) => i.to.startsWith('/cabinet')) === item;
  }
  return pathname === path || pathname.startsWith(`${path}/`);
}
