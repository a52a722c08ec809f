// The two page frames: the public one (visitors, sign-in, sign-up, the forced password change)
// with the Bank's name and sign-in links, and the signed-in one with a role-dependent navbar that
// folds behind a burger on phones.
import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Button,
  Container,
  Divider,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { authText } from '../i18n/auth';
import { ru } from '../i18n/ru';
import { NotificationBell } from '../notifications/bell';
import { grantLabel } from './format';
import { showError, showSuccess } from './forms';
import { isActive, navItems } from './nav';
import { PageLoader } from './page';

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      {ru.app.skipToContent}
    </a>
  );
}

function BankName({ to }: { to: string }) {
  return (
    <Anchor
      component={Link}
      to={to}
      underline="never"
      c="inherit"
      className="bank-name"
      aria-label={`${ru.app.name} — ${ru.app.fullName}`}
    >
      <Group gap="xs" wrap="nowrap">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <Text fw={700} size="lg" c="primary.8">
          {ru.app.name}
        </Text>
        <Text size="sm" c="dimmed" visibleFrom="md" lineClamp={1}>
          {ru.app.fullName}
        </Text>
      </Group>
    </Anchor>
  );
}

function useSignOut() {
  const { signOut } = useSession();
  const navigate = useNavigate();
  return async () => {
    try {
      await signOut();
      // The login page, ready for the next person at a shared computer.
      await navigate('/login');
      showSuccess(authText.loggedOut);
    } catch (error) {
      showError(error);
    }
  };
}

export function PublicLayout() {
  const { me } = useSession();
  const signOut = useSignOut();
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <BankName to="/" />
          {/* Signed in on a phone, «Кабинет» and «Выйти» keep the room: the catalog is in the cabinet's menu. */}
          <Button
            component={Link}
            to="/catalog"
            size="sm"
            variant="subtle"
            px="xs"
            style={{ flexShrink: 0 }}
            visibleFrom={me ? 'xs' : undefined}
          >
            {ru.nav.catalog}
          </Button>
          <Box style={{ flex: 1 }} />
          {me ? (
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" visibleFrom="sm" lineClamp={1}>
                {me.fullName}
              </Text>
              {me.mustChangePassword ? null : (
                <Button component={Link} to="/cabinet" size="sm" variant="light">
                  {ru.nav.cabinet}
                </Button>
              )}
              <Button size="sm" variant="default" onClick={() => void signOut()}>
                {ru.actions.logout}
              </Button>
            </Group>
          ) : (
            <Group gap="xs" wrap="nowrap">
              <Button component={Link} to="/login" size="sm" variant="default">
                {ru.actions.login}
              </Button>
              <Button component={Link} to="/signup" size="sm" visibleFrom="xs">
                {ru.actions.signup}
              </Button>
            </Group>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        <Container size="lg" px={0}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/**
 * The catalog's frame: the cabinet's, navigation and all, for someone signed in (the catalog is one
 * of her menu's items), the public one for a visitor.
 */
export function SessionLayout() {
  const { me, loading } = useSession();
  if (loading) return <PageLoader />;
  return me && !me.mustChangePassword ? <AppLayout /> : <PublicLayout />;
}

export function AppLayout() {
  const { me } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const signOut = useSignOut();
  // On a phone the menu closes once a page is chosen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: react to navigation only
  useEffect(() => close(), [location.pathname, location.hash]);
  if (!me) return null;
  const items = navItems(me);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 280, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? ru.app.closeMenu : ru.app.openMenu}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <BankName to="/cabinet" />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationBell />
            <Text size="sm" visibleFrom="sm" lineClamp={1} data-testid="user-name">
              {me.fullName}
            </Text>
            <Button size="sm" variant="default" onClick={() => void signOut()}>
              {ru.actions.logout}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="main-navigation" component="nav" aria-label={ru.app.mainNavigation}>
        <AppShell.Section hiddenFrom="sm" px="md" pt="md">
          <Stack gap={2}>
            <Text fw={600}>{me.fullName}</Text>
            {me.roles.map((r) => (
              <Text key={grantLabel(r)} size="xs" c="dimmed">
                {grantLabel(r, true)}
              </Text>
            ))}
          </Stack>
          <Divider mt="sm" />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} p="sm">
          {items.map((item) => {
            const active = isActive(item, items, location.pathname, location.hash);
            return (
              <NavLink
                key={item.key}
                component={Link}
                to={item.to}
                label={item.label}
                active={active}
                aria-current={active ? 'page' : undefined}
                variant="light"
                style={{ borderRadius: 'var(--mantine-radius-sm)' }}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Box maw={1280}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
