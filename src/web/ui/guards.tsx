// Route guards: a signed-in user (and one whose temporary password is changed), and a role.
// They only decide what to render; the server checks every request on its own.
import { Button, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { Link, Navigate, Outlet, useLocation, useRouteError } from 'react-router';
import type { RoleName } from '../../contract/auth';
import { hasRole, useSession } from '../auth/session';
import { ru } from '../i18n/ru';
import { PageLoader, useDocumentTitle } from './page';

export function RequireAuth() {
  const { me, loading, unverified, verify } = useSession();
  const location = useLocation();
  useEffect(() => {
    if (unverified) verify();
  }, [unverified, verify]);
  if (loading || unverified) return <PageLoader />;
  if (!me) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword) return <Navigate to="/password" replace />;
  return <Outlet />;
}

export function RequireRole({ roles, children }: { roles: RoleName[]; children: ReactNode }) {
  const { me } = useSession();
  if (!hasRole(me, ...roles)) return <Forbidden />;
  return children;
}

/** Where a user goes after signing in: a safe local `next`, else their cabinet. */
export function landingPath(next: string | null): string {
  if (next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')) return next;
  return '/cabinet';
}

function Message({ title, text, action }: { title: string; text: string; action?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <Stack align="flex-start" gap="md" py="xl" maw={640}>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text>{text}</Text>
      {action}
    </Stack>
  );
}

export function Forbidden() {
  return (
    <Message
      title={ru.errors.forbiddenTitle}
      text={ru.errors.forbiddenText}
      action={
        <Button component={Link} to="/cabinet" variant="light">
          {ru.actions.toCabinet}
        </Button>
      }
    />
  );
}

export function NotFound() {
  return (
    <Message
      title={ru.errors.notFoundTitle}
      text={ru.errors.notFoundText}
      action={
        <Button component={Link} to="/" variant="light">
          {ru.app.home}
        </Button>
      }
    />
  );
}

/** A page that failed to load or render (e.g. a new version was deployed meanwhile). */
export function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <Stack align="flex-start" gap="md" p="xl" maw={640}>
      <Title order={1} size="h2">
        {ru.errors.pageFailed}
      </Title>
      <Text>{ru.errors.pageFailedText}</Text>
      <Button onClick={() => window.location.reload()}>{ru.errors.reload}</Button>
    </Stack>
  );
}
