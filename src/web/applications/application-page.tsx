// One application: the course, the teacher and where they work, its state (with the waitlist
// position and the reason the teacher was given), the buttons its abilities allow, and its
// history as a timeline — every transition, who took it (or the system) and when.
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { APPLICATION_ACTIONS, type Application } from '../../contract/applications';
import { ApiError } from '../api';
import { hasRole, useMe } from '../auth/session';
import { applicationsText } from '../i18n/applications';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { formatDate, formatDateTime } from '../ui/format';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { NEEDS_REASON, useApplicationActions } from './actions';
import { useApplication } from './queries';
import { ACTION_LABEL, ApplicationState, STATUS_COLOR, STATUS_LABEL } from './status';

const text = applicationsText;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function Details({ application: a }: { application: Application }) {
  // The methodist and the operator keep teachers' cards: the name leads there.
  const cards = hasRole(useMe(), 'methodist', 'operator');
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="application-details">
      <Title order={2} size="h4" id="application-details" mb="sm">
        {text.details}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" m={0} spacing="md">
        <Fact label={text.course}>
          <Anchor component={Link} to={`/catalog/${a.course.id}`}>
            {a.course.title}
          </Anchor>
        </Fact>
        <Fact label={text.dates}>
          {catalogText.dates(formatDate(a.course.startsOn), formatDate(a.course.endsOn))}
        </Fact>
        <Fact label={text.provider}>{`${a.course.providerName} · ${a.course.departmentName}`}</Fact>
        <Fact label={text.teacher}>
          {cards ? (
            <Anchor component={Link} to={`/teachers/${a.teacher.id}`}>
              {a.teacher.fullName}
            </Anchor>
          ) : (
            a.teacher.fullName
          )}
        </Fact>
        <Fact label={text.position}>{a.teacher.position || ru.common.none}</Fact>
        <Fact label={text.organization}>{a.organization.name}</Fact>
        <Fact label={text.territory}>{a.territory.name}</Fact>
        <Fact label={text.createdAt}>{formatDateTime(a.createdAt)}</Fact>
        <Fact label={text.updatedAt}>{formatDateTime(a.updatedAt)}</Fact>
      </SimpleGrid>
    </Card>
  );
}

function Actions({ application }: { application: Application }) {
  const actions = useApplicationActions();
  const available = APPLICATION_ACTIONS.filter((a) => application.abilities[a]);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="application-actions">
      <Title order={2} size="h4" id="application-actions" mb="sm">
        {text.actionsTitle}
      </Title>
      {available.length === 0 ? (
        <Text size="sm" c="dimmed">
          {text.noActions}
        </Text>
      ) : (
        <Group gap="sm">
          {available.map((action) => (
            <Button
              key={action}
              variant={NEEDS_REASON.includes(action) || action === 'withdraw' ? 'light' : 'filled'}
              color={NEEDS_REASON.includes(action) || action === 'withdraw' ? 'red' : 'primary'}
              loading={actions.busy}
              onClick={() => actions.ask(action, [application])}
            >
              {ACTION_LABEL[action]}
            </Button>
          ))}
        </Group>
      )}
      {actions.dialogs}
    </Card>
  );
}

function History({ application }: { application: Application }) {
  const entries = application.history;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="application-history">
      <Title order={2} size="h4" id="application-history" mb="md">
        {text.history}
      </Title>
      <Timeline active={entries.length - 1} bulletSize={18} lineWidth={2} aria-label={text.history}>
        {entries.map((h) => (
          <Timeline.Item
            key={`${h.at} ${h.to} ${h.action}`}
            color={STATUS_COLOR[h.to]}
            title={
              <Text fw={600} size="sm">
                {text.historyActions[h.action] ?? h.action}
              </Text>
            }
          >
            <Stack gap={4} mt={4}>
              <Group gap={6}>
                {h.from ? (
                  <>
                    <Badge color={STATUS_COLOR[h.from]} variant="outline" radius="sm">
                      {STATUS_LABEL[h.from]}
                    </Badge>
                    <Text span size="sm" aria-hidden>
                      →
                    </Text>
                  </>
                ) : null}
                <Badge color={STATUS_COLOR[h.to]} variant="light" radius="sm">
                  {STATUS_LABEL[h.to]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {formatDateTime(h.at)} · {h.by?.fullName ?? text.system}
              </Text>
              {h.reason ? (
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {text.reason}: {h.reason}
                </Text>
              ) : null}
            </Stack>
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

function Back() {
  const me = useMe();
  const [to, label] = hasRole(me, 'teacher')
    ? ['/applications/mine', text.backMine]
    : hasRole(me, 'methodist')
      ? ['/baskets/methodist', text.backMethodist]
      : hasRole(me, 'manager', 'head', 'provider_admin')
        ? ['/baskets/provider', text.backProvider]
        : ['/cabinet', ru.actions.toCabinet];
  return (
    <div>
      <Button component={Link} to={to} variant="subtle">
        {label}
      </Button>
    </div>
  );
}

function ApplicationView({ application: a }: { application: Application }) {
  const me = useMe();
  const talks = hasRole(me, 'methodist', 'manager', 'head');
  return (
    <Stack gap="lg">
      <PageHeader
        title={text.pageTitle}
        lead={a.course.title}
        actions={
          talks ? (
            <Button
              component={Link}
              to={`/conversations/courses/${a.course.id}/territories/${a.territory.id}`}
              variant="light"
            >
              {text.conversation}
            </Button>
          ) : undefined
        }
      />
      <Card withBorder radius="md" padding="lg" component="section" aria-label={text.colStatus}>
        <Group gap="md" align="flex-start">
          <Text fw={600}>{text.colStatus}:</Text>
          <ApplicationState application={a} />
        </Group>
      </Card>
      <Actions application={a} />
      <Details application={a} />
      <History application={a} />
      <Back />
    </Stack>
  );
}

export function ApplicationPage() {
  const { id = '' } = useParams();
  const query = useApplication(id);
  if (query.isPending) return <PageLoader />;
  if (query.isError && query.error instanceof ApiError && [400, 404].includes(query.error.status))
    return (
      <>
        <PageHeader title={text.notFound} lead={text.notFoundText} />
        <Back />
      </>
    );
  if (query.isError || !query.data)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return <ApplicationView application={query.data} />;
}
