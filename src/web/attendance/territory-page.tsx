// «Посещаемость» of a methodist: her territory's learners on every course that has started, with
// the first day's mark (which decides the group) and the days' totals. Filtered by course,
// organization, mark and the period the courses started in, sorted by any column (all in the URL),
// exported to Excel as filtered and sorted. The operator picks a territory (or sees the region).
// The server reads the territory's and the period's learners; the rest is filtered here, and sorted
// as the server sorts the spreadsheet (contract/attendance.ts `sortTerritoryRows`).
import { Alert, Anchor, Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import {
  ATTENDANCE_MARK_LABEL,
  ATTENDANCE_MARKS,
  type AttendanceMark,
  sortTerritoryRows,
  TERRITORY_DEFAULT_SORT,
  type TerritorySortField,
  territorySort,
} from '../../contract/attendance';
import { toQueryString } from '../api';
import { useMe } from '../auth/session';
import { PeriodFilter } from '../catalog/catalog-page';
import { TerritorySelect } from '../directory/selects';
import { attendanceText } from '../i18n/attendance';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { ListFooter, ListState, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { SortableTh } from '../ui/sort';
import { useTerritoryAttendance } from './queries';

const text = attendanceText;
const FILTERS = ['territoryId', 'from', 'to', 'courseId', 'organizationId', 'mark', 'sort'] as const;
const MARK_COLOR: Record<AttendanceMark, string> = {
  present: 'teal.9',
  absent: 'red.9',
  excused: 'dark.6',
};

export function TerritoryAttendancePage() {
  const me = useMe();
  const operator = me.roles.some((r) => r.role === 'operator');
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const query = useTerritoryAttendance({ territoryId: v.territoryId, from: v.from, to: v.to });
  const parsed = territorySort.safeParse(v.sort);
  const sort = parsed.success ? parsed.data : TERRITORY_DEFAULT_SORT;

  const rows = query.data?.items ?? [];
  const courses = useMemo(
    () => [
      ...new Map(rows.map((r) => [r.courseId, `${r.courseTitle} (${formatDate(r.startsOn)})`])).entries(),
    ],
    [rows],
  );
  const organizations = useMemo(
    () =>
      [...new Map(rows.map((r) => [r.organizationId, r.organization])).entries()].sort((a, b) =>
        a[1].localeCompare(b[1], 'ru'),
      ),
    [rows],
  );
  const shown = useMemo(() => {
    const filtered = rows.filter(
      (r) =>
        (!v.courseId || r.courseId === v.courseId) &&
        (!v.organizationId || r.organizationId === v.organizationId) &&
        (!v.mark || (v.mark === 'none' ? r.firstDayMark === null : r.firstDayMark === v.mark)),
    );
    return sortTerritoryRows(filtered, sort);
  }, [rows, v.courseId, v.organizationId, v.mark, sort]);

  const exportHref = `/api/v1/attendance/territory.xlsx${toQueryString({
    territoryId: v.territoryId,
    from: v.from,
    to: v.to,
    courseId: v.courseId,
    organizationId: v.organizationId,
    mark: v.mark,
    sort: sort === TERRITORY_DEFAULT_SORT ? undefined : sort,
  })}`;

  const header = (key: TerritorySortField, label: string) => (
    <SortableTh
      field={key}
      label={label}
      sort={sort}
      onSort={(next) => list.update({ sort: next === TERRITORY_DEFAULT_SORT ? null : next })}
    />
  );

  return (
    <>
      <PageHeader
        title={text.territoryTitle}
        lead={text.territoryLead}
        actions={
          <Button component="a" href={exportHref} variant="light" download>
            {ru.actions.exportXlsx}
          </Button>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end" gap="md">
          {operator ? (
            <TerritorySelect
              label={text.filterTerritory}
              placeholder={ru.common.all}
              clearable
              value={v.territoryId}
              onChange={(territoryId) => list.update({ territoryId, courseId: null, organizationId: null })}
              miw={220}
              style={{ flex: '1 1 220px' }}
            />
          ) : null}
          <PeriodFilter
            from={v.from}
            to={v.to}
            onChange={(from, to) => list.update({ from, to, courseId: null, organizationId: null })}
          />
          <Select
            label={text.filterCourse}
            placeholder={ru.common.all}
            data={courses.map(([value, label]) => ({ value, label }))}
            clearable
            searchable
            value={v.courseId || null}
            onChange={(courseId) => list.update({ courseId })}
            miw={260}
            style={{ flex: '2 1 300px' }}
          />
          <Select
            label={text.filterOrganization}
            placeholder={ru.common.all}
            data={organizations.map(([value, label]) => ({ value, label }))}
            clearable
            searchable
            value={v.organizationId || null}
            onChange={(organizationId) => list.update({ organizationId })}
            miw={240}
            style={{ flex: '2 1 260px' }}
          />
          <Select
            label={text.filterMark}
            placeholder={ru.common.all}
            data={[
              ...ATTENDANCE_MARKS.map((m) => ({ value: m, label: ATTENDANCE_MARK_LABEL[m] })),
              { value: 'none', label: text.filterMarkNone },
            ]}
            clearable
            value={v.mark || null}
            onChange={(mark) => list.update({ mark })}
            miw={220}
            style={{ flex: '1 1 220px' }}
          />
          {list.active ? (
            <Button variant="subtle" onClick={list.reset}>
              {ru.actions.resetFilters}
            </Button>
          ) : null}
        </Group>
        {query.data?.truncated ? (
          <Alert color="yellow" mb="md">
            {text.truncated}
          </Alert>
        ) : null}
        <ListState
          query={{
            ...query,
            data: query.data
              ? { items: shown.slice(list.offset, list.offset + list.limit), total: shown.length }
              : undefined,
          }}
          filtered={list.active}
        >
          {(items) => (
            <Table.ScrollContainer minWidth={860}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    {header('course', text.course)}
                    {header('teacher', text.teacher)}
                    {header('organization', text.organization)}
                    {header('mark', text.firstDayMark)}
                    <Table.Th>{text.daysTotals}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={r.applicationId}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/workspace/courses/${r.courseId}/attendance`}
                          aria-label={text.openJournalOf(r.courseTitle)}
                        >
                          {r.courseTitle}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {formatDate(r.startsOn)} — {formatDate(r.endsOn)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{r.teacherName}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.organization}</Text>
                        {operator ? (
                          <Text size="xs" c="dimmed">
                            {r.territory}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {r.firstDayMark ? (
                          <Text
                            size="sm"
                            fw={600}
                            c={MARK_COLOR[r.firstDayMark]}
                            title={r.firstDayReason ?? undefined}
                          >
                            {ATTENDANCE_MARK_LABEL[r.firstDayMark]}
                          </Text>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {text.filterMarkNone}
                          </Text>
                        )}
                        {r.firstDayReason ? (
                          <Text size="xs" c="dimmed">
                            {r.firstDayReason}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {text.summaryDay(r.present, r.absent, r.excused)}
                        <Text size="xs" c="dimmed">
                          {text.daysOf(r.present + r.absent + r.excused, r.daysSoFar)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </ListState>
        {query.data ? (
          <ListFooter
            total={shown.length}
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
