// Where every user lands: a card per role held, with the scope it acts in and the pages of that
// role, then the dashboards of the roles that have one. Features of later versions are named,
// never linked to empty pages. The dashboards (and their charts) load in chunks of their own.
import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import type { RoleGrant, RoleName } from '../../contract/auth';
import { useMe } from '../auth/session';
import { CpdSummaryLine } from '../cpd/cpd-history';
import { useMyCpd, useOverdue } from '../cpd/queries';
import { cabinetText } from '../i18n/cabinet';
import { scopeName } from '../ui/format';
import { PageHeader, PageLoader } from '../ui/page';

const RoleDashboards = lazy(async () => ({
  default: (await import('../dashboards/dashboards')).RoleDashboards,
}));

type CabinetLink = { to: string; label: string };

function linksOf(grant: RoleGrant): CabinetLink[] {
  const l = cabinetText.links;
  switch (grant.role) {
    case 'operator':
      return [
        { to: '/territories', label: l.territories },
        { to: '/organizations', label: l.organizations },
        { to: '/providers', label: l.providers },
        { to: '/positions', label: l.positions },
        { to: '/users', label: l.users },
        { to: '/audit', label: l.audit },
        { to: '/teachers/overdue', label: l.overdueTeachers },
        { to: '/archive', label: l.archive },
        { to: '/reports/form-1pk', label: l.form1pk },
      ];
    case 'provider_admin':
      return [
        ...(grant.providerId ? [{ to: `/providers/${grant.providerId}`, label: l.providerCard }] : []),
        { to: '/users', label: l.users },
        { to: '/workspace/courses', label: l.courses },
        { to: '/baskets/provider', label: l.providerBasket },
        { to: '/archive', label: l.archive },
        { to: '/reports/form-1pk', label: l.form1pk },
      ];
    case 'head':
      return [
        { to: '/workspace/programs', label: l.programs },
        { to: '/workspace/courses', label: l.courses },
        { to: '/baskets/provider', label: l.providerBasket },
        { to: '/archive', label: l.archive },
        { to: '/conversations', label: l.conversations },
        { to: '/users', label: l.departmentUsers },
      ];
    case 'manager':
      return [
        { to: '/workspace/programs', label: l.programs },
        { to: '/workspace/courses', label: l.courses },
        { to: '/baskets/provider', label: l.providerBasket },
        { to: '/archive', label: l.archive },
        { to: '/conversations', label: l.conversations },
        { to: '/profile', label: l.profile },
      ];
    case 'methodist':
      return [
        { to: '/baskets/methodist', label: l.methodistBasket },
        { to: '/attendance', label: l.attendance },
        { to: '/teachers/overdue', label: l.overdueTeachers },
        { to: '/archive', label: l.archive },
        { to: '/conversations', label: l.conversations },
        { to: '/profile', label: l.profile },
      ];
    case 'teacher':
      return [
        { to: '/catalog', label: l.catalog },
        { to: '/applications/mine', label: l.myApplications },
        { to: '/cpd', label: l.myCpd },
        { to: '/profile', label: l.profile },
      ];
  }
}

function scopeLine(grant: RoleGrant): string {
  const name = scopeName(grant);
  const s = cabinetText.scope;
  switch (grant.role) {
    case 'operator':
      return s.region;
    case 'methodist':
      return `${s.territory}: ${name ?? ''}`;
    case 'provider_admin':
      return `${s.provider}: ${name ?? ''}`;
    case 'head':
    case 'manager':
      return `${s.department}: ${name ?? ''}${grant.providerName ? ` (${grant.providerName})` : ''}`;
    case 'teacher':
      return '';
  }
}

/** The teacher's card: the three-year rule's state, with the way to her history. */
function TeacherCpdSummary() {
  const query = useMyCpd();
  return query.data ? <CpdSummaryLine history={query.data} /> : null;
}

/** The methodist's card: how many of her teachers are past or near the three-year rule. */
function MethodistCpdSummary() {
  const query = useOverdue({ limit: 1 });
  if (!query.data) return null;
  const { overdue, due } = query.data.counts;
  return (
    <Text size="sm">
      {cabinetText.overdueSummary(overdue, due)}{' '}
      <Anchor component={Link} to="/teachers/overdue" size="sm">
        {cabinetText.links.overdueTeachers}
      </Anchor>
    </Text>
  );
}

function RoleCard({ grant, anchor }: { grant: RoleGrant; anchor: boolean }) {
  const scope = scopeLine(grant);
  const titleId = `cabinet-${grant.role}-${grant.territoryId ?? grant.providerId ?? grant.departmentId ?? 'all'}`;
  return (
    <Card
      withBorder
      padding="lg"
      radius="md"
      component="section"
      aria-labelledby={titleId}
      id={anchor ? grant.role : undefined}
      tabIndex={-1}
    >
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={titleId}>
            {cabinetText.cards[grant.role]}
          </Title>
          {scope ? (
            <Text size="sm" c="primary.8" fw={500}>
              {scope}
            </Text>
          ) : null}
        </div>
        <Text size="sm">{cabinetText.describe[grant.role]}</Text>
        {grant.role === 'teacher' ? <TeacherCpdSummary /> : null}
        {grant.role === 'methodist' ? <MethodistCpdSummary /> : null}
        <List spacing={4} size="sm">
          {linksOf(grant).map((link) => (
            <List.Item key={link.to}>
              <Anchor component={Link} to={link.to}>
                {link.label}
              </Anchor>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}

export function CabinetPage() {
  const me = useMe();
  const { hash } = useLocation();
  // The navbar's «Кабинет методиста» etc. point at the card of that role.
  useEffect(() => {
    if (!hash) return;
    const el = document.getElementById(hash.slice(1));
    if (el) {
      el.scrollIntoView({ block: 'start' });
      el.focus({ preventScroll: true });
    }
  }, [hash]);

  const seen = new Set<RoleName>();
  return (
    <>
      <PageHeader title={cabinetText.title} lead={cabinetText.lead} />
      <Text size="lg" mb="md">
        {cabinetText.greeting([me.firstName, me.middleName].filter(Boolean).join(' '))}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {me.roles.map((grant) => {
          const anchor = !seen.has(grant.role);
          seen.add(grant.role);
          return (
            <RoleCard
              key={`${grant.role}-${grant.territoryId ?? ''}-${grant.providerId ?? ''}-${grant.departmentId ?? ''}`}
              grant={grant}
              anchor={anchor}
            />
          );
        })}
      </SimpleGrid>
      <Suspense fallback={<PageLoader />}>
        <RoleDashboards roles={me.roles.map((r) => r.role)} />
      </Suspense>
    </>
  );
}
