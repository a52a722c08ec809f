// The course page's block about applying: a visitor is asked to sign in; a teacher applies, or
// sees their application's state with a link to it and may withdraw it; a methodist and the
// course's department find the course's applications in their baskets.
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TeacherBrief } from '../../contract/applications';
import type { Me } from '../../contract/auth';
import type { CatalogCourse } from '../../contract/catalog';
import type { Page } from '../../contract/common';
import { api } from '../api';
import { hasRole, useSession } from '../auth/session';
import { RemoteSelect } from '../directory/selects';
import { applicationsText } from '../i18n/applications';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { useApplicationActions } from './actions';
import { useApplications, useApply } from './queries';
import { ACTIVE, ApplicationState } from './status';

const text = applicationsText;

/** Open for applications: the server's word, by the Bank's clock in the region (not the browser's). */
const isOpen = (course: CatalogCourse) => course.applicationsOpen;

function Frame({ children }: { children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="apply-title">
      <Title order={2} size="h3" id="apply-title" mb="sm">
        {text.applyTitle}
      </Title>
      <Stack gap="sm" align="flex-start">
        {children}
      </Stack>
    </Card>
  );
}

function OpenUntil({ course }: { course: CatalogCourse }) {
  return <Text>{isOpen(course) ? text.applyOpen(formatDate(course.applyUntil)) : text.applyClosed}</Text>;
}

function TeacherBlock({ course }: { course: CatalogCourse }) {
  const query = useApplications({ basket: 'mine', courseId: course.id, limit: 10 });
  const apply = useApply();
  const actions = useApplicationActions();
  const items = query.data?.items ?? [];
  const active = items.find((a) => ACTIVE.includes(a.status));
  const shown = active ?? items[0];
  const open = isOpen(course);

  const submit = async () => {
    try {
      await apply.mutateAsync({ courseId: course.id });
      showSuccess(text.applied, text.appliedText);
    } catch (error) {
      showError(error);
    }
  };

  if (query.isPending) return null;
  return (
    <Frame>
      {shown ? (
        <Stack gap="xs" align="flex-start" data-testid="own-application">
          <Text fw={600}>{active ? text.yourApplication : text.previousApplication}</Text>
          <ApplicationState application={shown} />
          <Group gap="sm">
            <Button component={Link} to={`/applications/${shown.id}`} variant="light" size="sm">
              {text.open}
            </Button>
            {shown.abilities.withdraw ? (
              <Button
                variant="light"
                color="red"
                size="sm"
                onClick={() => actions.ask('withdraw', [shown])}
                loading={actions.busy}
              >
                {text.actions.withdraw}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
      {active ? null : (
        <>
          <OpenUntil course={course} />
          {open ? (
            <>
              {shown ? <Text size="sm">{text.applyAgain}</Text> : null}
              <Button onClick={() => void submit()} loading={apply.isPending}>
                {text.apply}
              </Button>
            </>
          ) : null}
        </>
      )}
      {actions.dialogs}
    </Frame>
  );
}

/** A methodist applies for a teacher of her territory: the teacher is chosen by name. */
function ApplyForTeacher({ course }: { course: CatalogCourse }) {
  const [opened, setOpened] = useState(false);
  const [teacherId, setTeacherId] = useState('');
  const apply = useApply();
  const close = () => {
    setOpened(false);
    setTeacherId('');
  };
  const submit = async () => {
    try {
      await apply.mutateAsync({ courseId: course.id, teacherId });
      showSuccess(text.applied, text.appliedForTeacher);
      close();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <>
      <Button size="sm" onClick={() => setOpened(true)}>
        {text.applyForTeacher}
      </Button>
      <AppModal opened={opened} onClose={close} title={text.applyForTeacher}>
        <Stack>
          <RemoteSelect
            label={text.teacher}
            placeholder={text.teacherSearch}
            value={teacherId}
            onChange={setTeacherId}
            queryKey={(q) => ['teachers', q]}
            load={async (q, signal) => {
              const page = await api.get<Page<TeacherBrief>>('/teachers', { q, limit: 30 }, signal);
              return page.items.map((t) => ({
                value: t.id,
                label: `${t.fullName} — ${t.organization.name}`,
              }));
            }}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {ru.actions.cancel}
            </Button>
            <Button onClick={() => void submit()} disabled={!teacherId} loading={apply.isPending}>
              {text.apply}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </>
  );
}

/** Whether the person works in the course's department (or administers its provider). */
function staffOf(me: Me, course: CatalogCourse) {
  return me.roles.some(
    (r) =>
      ((r.role === 'manager' || r.role === 'head') && r.departmentId === course.department.id) ||
      (r.role === 'provider_admin' && r.providerId === course.provider.id),
  );
}

export function ApplyBlock({ course }: { course: CatalogCourse }) {
  const { me, loading } = useSession();
  if (loading) return null;
  if (!me) {
    if (!isOpen(course)) return null;
    const next = encodeURIComponent(`/catalog/${course.id}`);
    return (
      <Frame>
        <OpenUntil course={course} />
        <Button component={Link} to={`/login?next=${next}`}>
          {text.loginToApply}
        </Button>
        <Text size="sm" c="dimmed">
          {text.loginHint}
        </Text>
      </Frame>
    );
  }
  if (me.mustChangePassword) return null;
  if (hasRole(me, 'teacher')) return <TeacherBlock course={course} />;
  const methodist = hasRole(me, 'methodist');
  const staff = staffOf(me, course);
  if (!methodist && !staff) return null;
  return (
    <Frame>
      <OpenUntil course={course} />
      {methodist ? (
        <Group gap="sm">
          <Text size="sm">{text.methodistHint}</Text>
          <Button component={Link} to={`/baskets/methodist?courseId=${course.id}`} variant="light" size="sm">
            {text.toMethodistBasket}
          </Button>
          {isOpen(course) ? <ApplyForTeacher course={course} /> : null}
        </Group>
      ) : null}
      {staff ? (
        <Group gap="sm">
          <Text size="sm">{text.staffHint}</Text>
          <Button component={Link} to={`/baskets/provider?courseId=${course.id}`} variant="light" size="sm">
            {text.toProviderBasket}
          </Button>
        </Group>
      ) : null}
    </Frame>
  );
}
