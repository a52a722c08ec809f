// «Мои заявки»: a teacher's applications — waitlisted ones first, with their place in the queue,
// then the newest — each with its course and dates, its state and the reason of a refusal; one that
// may still be withdrawn has the button, behind a confirmation. The state filter, the order, the page
// and its size are in the URL.
import { Anchor, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { APPLICATION_STATUSES, type ApplicationSummary } from '../../contract/applications';
import { applicationsText } from '../i18n/applications';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { formatDate, formatDateTime } from '../ui/format';
import { ListFooter, ListState, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { useApplicationActions } from './actions';
import { useApplications } from './queries';
import { ApplicationState, StatusFilter } from './status';

const text = applicationsText;
const sortOptions = Object.entries(text.mineSorts).map(([value, label]) => ({ value, label }));

function ApplicationCard({
  application: a,
  onWithdraw,
}: {
  application: ApplicationSummary;
  onWithdraw: () => void;
}) {
  return (
    <Card withBorder padding="md" radius="md" component="article" aria-label={a.course.title}>
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={4} style={{ flex: '1 1 320px' }}>
          <Anchor component={Link} to={`/applications/${a.id}`} fw={600}>
            {a.course.title}
          </Anchor>
          <Text size="sm">
            {text.dates}: {catalogText.dates(formatDate(a.course.startsOn), formatDate(a.course.endsOn))}
          </Text>
          <Text size="sm">
            {text.colApplyUntil}: {formatDate(a.course.applyUntil)}
          </Text>
          <Text size="sm" c="dimmed">
            {a.course.providerName} · {a.course.departmentName}
          </Text>
          <Text size="xs" c="dimmed">
            {text.createdAt}: {formatDateTime(a.createdAt)}
          </Text>
        </Stack>
        <Stack gap="sm" align="flex-end" style={{ flex: '0 1 260px' }}>
          <ApplicationState application={a} />
          <Group gap="xs" justify="flex-end">
            <Button component={Link} to={`/applications/${a.id}`} variant="light" size="xs">
              {text.open}
            </Button>
            {a.abilities.withdraw ? (
              <Button variant="light" color="red" size="xs" onClick={onWithdraw}>
                {text.actions.withdraw}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

export function MyApplicationsPage() {
  const list = useUrlFilters(['status', 'sort'] as const);
  const query = useApplications({
    basket: 'mine',
    status: list.values.status,
    sort: list.values.sort,
    limit: list.limit,
    offset: list.offset,
  });
  const actions = useApplicationActions();
  const none = !list.active && query.data?.total === 0;

  return (
    <>
      <PageHeader
        title={text.mineTitle}
        lead={text.mineLead}
        actions={
          <Button component={Link} to="/catalog" variant="light">
            {text.toCatalog}
          </Button>
        }
      />
      <Group mb="md" align="flex-end" gap="md">
        <StatusFilter
          statuses={APPLICATION_STATUSES}
          value={list.values.status}
          onChange={(status) => list.update({ status })}
          miw={220}
        />
        <Select
          label={text.sortLabel}
          placeholder={text.sortDefault}
          data={sortOptions}
          clearable
          value={list.values.sort || null}
          onChange={(sort) => list.update({ sort })}
          miw={240}
        />
        {list.active ? (
          <Button variant="subtle" onClick={list.reset}>
            {ru.actions.resetFilters}
          </Button>
        ) : null}
      </Group>
      {none ? (
        <Card withBorder padding="lg" radius="md">
          <Text>{text.mineEmpty}</Text>
        </Card>
      ) : (
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Stack gap="sm">
              {items.map((a) => (
                <ApplicationCard key={a.id} application={a} onWithdraw={() => actions.ask('withdraw', [a])} />
              ))}
            </Stack>
          )}
        </ListState>
      )}
      {query.data && !none ? (
        <ListFooter
          total={query.data.total}
          page={list.page}
          limit={list.limit}
          onPage={(page) => list.update({ page: String(page) })}
          onLimit={(size) => list.update({ size: String(size) })}
        />
      ) : null}
      {actions.dialogs}
    </>
  );
}
