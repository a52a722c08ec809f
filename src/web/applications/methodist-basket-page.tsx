// Копилка методиста: the applications of her territory's teachers, filtered (course, state,
// organization, position, teacher's name — all in the URL) and paged; rows are selected on the page
// and forwarded, rejected (with a reason) or recalled together, with a report of each one's outcome.
// With a course chosen, its places for her territory and the conversation with its department.
import { Button, Card, Group, Select, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { APPLICATION_STATUSES, type ApplicationAction } from '../../contract/applications';
import { grantsOf, useMe } from '../auth/session';
import { OrganizationSelect, PositionSelect } from '../directory/selects';
import { applicationsText } from '../i18n/applications';
import { ru } from '../i18n/ru';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
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
import { MethodistPlaces } from './places';
import { useApplications } from './queries';
import { StatusFilter } from './status';

const text = applicationsText;
const FILTERS = ['courseId', 'status', 'territoryId', 'organizationId', 'position', 'q', 'sort'] as const;
/** The basket opens on what needs her action: the new applications, the oldest first. */
const OPENING = { status: 'submitted', sort: 'appliedAt' };
const BULK: ApplicationAction[] = ['forward', 'reject', 'recall'];

export function MethodistBasketPage() {
  const me = useMe();
  const territories = grantsOf(me, 'methodist')
    .filter((g) => g.territoryId)
    .map((g) => ({ id: g.territoryId ?? '', name: g.territoryName ?? '' }));
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const [search] = useSearchParams();
  const bare = search.size === 0;
  useEffect(() => {
    if (bare) list.update(OPENING, true);
  }, [bare, list.update]);
  // The organization filter searches one territory: the chosen one, or her only one.
  const territoryId = v.territoryId || (territories.length === 1 ? (territories[0]?.id ?? '') : '');
  const params = {
    basket: 'methodist',
    courseId: v.courseId,
    status: v.status,
    territoryId: v.territoryId,
    organizationId: v.organizationId,
    position: v.position,
    q: v.q,
    sort: v.sort,
    limit: list.limit,
    offset: list.offset,
  };
  const query = useApplications(params, !bare);
  const selection = useSelection(query.data?.items, JSON.stringify(params));
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const actions = useApplicationActions({ onBulk: setOutcome });

  return (
    <>
      <PageHeader title={text.methodistTitle} lead={text.methodistLead} />
      {v.courseId ? <MethodistPlaces courseId={v.courseId} territories={territories} /> : null}
      <Card withBorder padding="md" radius="md">
        <Stack gap={0}>
          <Group mb="md" align="flex-end" gap="md">
            <CourseFilter
              source="catalog"
              value={v.courseId}
              onChange={(courseId) => list.update({ courseId })}
            />
            <StatusFilter
              statuses={APPLICATION_STATUSES}
              value={v.status}
              onChange={(status) => list.update({ status })}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
            {territories.length > 1 ? (
              <Select
                label={text.filterTerritory}
                placeholder={ru.common.all}
                data={territories.map((t) => ({ value: t.id, label: t.name }))}
                clearable
                value={v.territoryId || null}
                onChange={(id) => list.update({ territoryId: id, organizationId: null })}
                miw={200}
                style={{ flex: '1 1 200px' }}
              />
            ) : null}
            {list.active ? (
              <Button variant="subtle" onClick={list.reset}>
                {ru.actions.resetFilters}
              </Button>
            ) : null}
          </Group>
          <Group mb="md" align="flex-end" gap="md">
            <OrganizationSelect
              key={territoryId}
              territoryId={territoryId}
              label={text.filterOrganization}
              clearable
              value={v.organizationId}
              onChange={(organizationId) => list.update({ organizationId })}
              miw={240}
              style={{ flex: '2 1 300px' }}
            />
            <PositionSelect
              label={text.filterPosition}
              placeholder={ru.common.all}
              clearable
              value={v.position}
              onChange={(position) => list.update({ position })}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
            <SearchField
              label={text.filterTeacher}
              placeholder={text.filterTeacherPlaceholder}
              value={v.q}
              onChange={(q) => list.update({ q }, true)}
            />
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
        <BulkBar
          selection={selection}
          actions={BULK}
          busy={actions.busy}
          onAction={(action, apps) => actions.ask(action, apps, true)}
        />
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <BasketTable
              items={items}
              selection={selection}
              columns={{ course: !v.courseId, territory: territories.length > 1 }}
              sorting={{ sort: v.sort, onSort: (sort) => list.update({ sort }) }}
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
