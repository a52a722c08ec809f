// Копилка поставщика: the applications methodists forwarded to the department's courses — the
// waitlist first, in its order — filtered by course, state and territory (in the URL). Managers and
// heads decline (with a reason) one by one or a selection; a provider's administrator only reads.
// With a course chosen: its places by territory with totals, and the conversation with a
// territory's methodists from its row.
import { Alert, Button, Card, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { type ApplicationAction, PROVIDER_STATUSES } from '../../contract/applications';
import { hasRole, useMe } from '../auth/session';
import { TerritorySelect } from '../directory/selects';
import { applicationsText } from '../i18n/applications';
import { ru } from '../i18n/ru';
import { ListFooter, ListState, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { type BulkOutcome, useApplicationActions } from './actions';
import {
  BasketTable,
  BulkBar,
  BulkOutcomeAlert,
  CourseFilter,
  ExportButton,
  StatusCounts,
  useSelection,
} from './basket';
import { ProviderBreakdown } from './places';
import { useApplications } from './queries';
import { ACTION_LABEL, StatusFilter } from './status';

const text = applicationsText;
const FILTERS = ['courseId', 'status', 'territoryId', 'sort'] as const;
const BULK: ApplicationAction[] = ['decline'];

export function ProviderBasketPage() {
  const me = useMe();
  // Managers and heads act on applications and talk to territories; a provider admin reads.
  const staff = hasRole(me, 'manager', 'head');
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const params = {
    basket: 'provider',
    courseId: v.courseId,
    status: v.status,
    territoryId: v.territoryId,
    sort: v.sort,
    limit: list.limit,
    offset: list.offset,
  };
  const query = useApplications(params);
  const selection = useSelection(query.data?.items, JSON.stringify(params));
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const actions = useApplicationActions({ onBulk: setOutcome });

  return (
    <>
      <PageHeader title={text.providerTitle} lead={text.providerLead} />
      {staff ? null : (
        <Alert color="gray" mb="md">
          {text.providerReadOnly}
        </Alert>
      )}
      {v.courseId ? <ProviderBreakdown courseId={v.courseId} canTalk={staff} /> : null}
      <Card withBorder padding="md" radius="md">
        <Stack gap={0}>
          <Group mb="md" align="flex-end" gap="md">
            <CourseFilter
              source="department"
              value={v.courseId}
              onChange={(courseId) => list.update({ courseId })}
            />
            <StatusFilter
              statuses={PROVIDER_STATUSES}
              value={v.status}
              onChange={(status) => list.update({ status })}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
            <TerritorySelect
              label={text.filterTerritory}
              placeholder={ru.common.all}
              clearable
              value={v.territoryId}
              onChange={(territoryId) => list.update({ territoryId })}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
            {list.active ? (
              <Button variant="subtle" onClick={list.reset}>
                {ru.actions.resetFilters}
              </Button>
            ) : null}
          </Group>
        </Stack>
        <Group justify="space-between" align="flex-start" gap="sm">
          <StatusCounts
            counts={query.data?.byStatus}
            status={v.status}
            onStatus={(status) => list.update({ status })}
          />
          <ExportButton params={params} />
        </Group>
        {outcome ? <BulkOutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} /> : null}
        {staff ? (
          <BulkBar
            selection={selection}
            actions={BULK}
            busy={actions.busy}
            onAction={(action, apps) => actions.ask(action, apps, true)}
          />
        ) : null}
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <BasketTable
              items={items}
              selection={staff ? selection : null}
              columns={{ queue: true, territory: true, course: !v.courseId }}
              sorting={{ sort: v.sort, onSort: (sort) => list.update({ sort }) }}
              rowActions={
                staff
                  ? (a) =>
                      a.abilities.decline ? (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          onClick={() => actions.ask('decline', [a])}
                          aria-label={`${ACTION_LABEL.decline}: ${a.teacher.fullName}`}
                        >
                          {ACTION_LABEL.decline}
                        </Button>
                      ) : null
                  : undefined
              }
            />
          )}
        </ListState>
        {query.data ? (
          <ListFooter
            total={query.data.total}
            page={list.page}
            limit={list.limit}
            onPage={(page) => list.update({ page: String(page) })}
            onLimit={(size) => list.update({ size: String(size) })}
          />
        ) : null}
      </Card>
      {actions.dialogs}
    </>
  );
}
