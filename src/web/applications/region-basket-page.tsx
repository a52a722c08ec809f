// Заявки региона: the operator's read-only view of every working application of the region, with
// the baskets' filters (course, state, territory, organization, teacher's name), order, page size
// and export — all in the URL. No selection and no actions: decisions are the methodists' and the
// providers'.
import { Alert, Button, Card, Group, Stack } from '@mantine/core';
import { APPLICATION_STATUSES } from '../../contract/applications';
import { OrganizationSelect, TerritorySelect } from '../directory/selects';
import { applicationsText } from '../i18n/applications';
import { ru } from '../i18n/ru';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { BasketTable, CourseFilter, ExportButton, StatusCounts } from './basket';
import { useApplications } from './queries';
import { StatusFilter } from './status';

const text = applicationsText;
const FILTERS = ['courseId', 'status', 'territoryId', 'organizationId', 'q', 'sort'] as const;

export function RegionBasketPage() {
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const params = {
    basket: 'region',
    courseId: v.courseId,
    status: v.status,
    territoryId: v.territoryId,
    organizationId: v.organizationId,
    q: v.q,
    sort: v.sort,
    limit: list.limit,
    offset: list.offset,
  };
  const query = useApplications(params);

  return (
    <>
      <PageHeader title={text.regionTitle} lead={text.regionLead} />
      <Alert color="gray" mb="md">
        {text.regionReadOnly}
      </Alert>
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
            <TerritorySelect
              label={text.filterTerritory}
              placeholder={ru.common.all}
              clearable
              value={v.territoryId}
              onChange={(territoryId) => list.update({ territoryId, organizationId: null })}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
          </Group>
          <Group mb="md" align="flex-end" gap="md">
            <OrganizationSelect
              key={v.territoryId}
              territoryId={v.territoryId}
              label={text.filterOrganization}
              clearable
              value={v.organizationId}
              onChange={(organizationId) => list.update({ organizationId })}
              miw={240}
              style={{ flex: '2 1 300px' }}
            />
            <SearchField
              label={text.filterTeacher}
              placeholder={text.filterTeacherPlaceholder}
              value={v.q}
              onChange={(q) => list.update({ q }, true)}
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
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <BasketTable
              items={items}
              selection={null}
              columns={{ territory: true, course: !v.courseId }}
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
    </>
  );
}
