// Courses within the user's reach (the department's, drafts included, for its staff; published ones
// of the provider or of the region for its administrator and the operator): state, program, search
// and order in the URL, the same list as a spreadsheet; the department's staff create a course from
// a program here.
import { Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { COURSE_STATUSES, type CourseSortField, type CourseSummary } from '../../contract/catalog';
import { toQueryString } from '../api';
import { useMe } from '../auth/session';
import { PeriodFilter, StatusBadge } from '../catalog/catalog-page';
import { applicationsText } from '../i18n/applications';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { formatDate } from '../ui/format';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { SortableTh } from '../ui/sort';
import { CourseCreateModal, ProgramSelect } from './course-create-modal';
import { useCourses, useProgram } from './queries';
import { seesManyDepartments, staffDepartments } from './staff';

/** The list's order without a choice: the newest first. */
const DEFAULT_SORT = '-startsOn';
const statusOptions = COURSE_STATUSES.map((s) => ({ value: s, label: catalogText.statuses[s] }));

/**
 * Courses as a table; `program` hides the program column (on the program's own page); with
 * `sorting`, its column headers sort the list.
 */
export function CourseTable({
  items,
  program = true,
  sorting,
}: {
  items: CourseSummary[];
  program?: boolean;
  sorting?: { sort: string; onSort: (sort: string) => void };
}) {
  const me = useMe();
  const department = seesManyDepartments(me);
  const th = (field: CourseSortField | null, label: string) =>
    sorting && field ? (
      <SortableTh field={field} label={label} sort={sorting.sort} onSort={sorting.onSort} />
    ) : (
      <Table.Th>{label}</Table.Th>
    );
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            {program ? th('program', workspaceText.program) : null}
            {th('startsOn', workspaceText.colDates)}
            {th('applyUntil', catalogText.applyUntil)}
            {th(null, workspaceText.colPlaces)}
            {th('status', workspaceText.status)}
            {th('manager', workspaceText.colManager)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => {
            const dates = catalogText.dates(formatDate(c.startsOn), formatDate(c.endsOn));
            const link = (
              <Text component={Link} to={`/workspace/courses/${c.id}`} size="sm" fw={500} c="primary">
                {program ? c.programTitle : dates}
              </Text>
            );
            return (
              <Table.Tr key={c.id}>
                {program ? (
                  <Table.Td>
                    {link}
                    {department ? (
                      <Text size="xs" c="dimmed">
                        {c.departmentName}
                      </Text>
                    ) : null}
                  </Table.Td>
                ) : null}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{program ? dates : link}</Table.Td>
                <Table.Td>{formatDate(c.applyUntil)}</Table.Td>
                <Table.Td>
                  {c.learners
                    ? applicationsText.learnersLine(c.learners.enrolled, c.learners.completed)
                    : workspaceText.placesOf(c.placesLeft, c.capacity)}
                </Table.Td>
                <Table.Td miw={170}>
                  <StatusBadge status={c.status} ended={c.studyEnded} staff />
                </Table.Td>
                <Table.Td>{c.manager?.fullName ?? workspaceText.noManager}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function CoursesPage() {
  const me = useMe();
  const list = useUrlFilters(['q', 'status', 'programId', 'from', 'to', 'sort'] as const);
  const filters = {
    q: list.values.q,
    status: list.values.status,
    programId: list.values.programId,
    from: list.values.from,
    to: list.values.to,
    sort: list.values.sort,
  };
  const query = useCourses({ ...filters, limit: list.limit, offset: list.offset });
  // The chosen program's title, for the filter after a reload.
  const program = useProgram(list.values.programId);
  const [creating, setCreating] = useState(false);
  const canCreate = staffDepartments(me).length > 0;

  return (
    <>
      <PageHeader
        title={workspaceText.coursesTitle}
        lead={workspaceText.coursesLead}
        actions={
          <Group gap="sm">
            <Button
              component="a"
              href={`/api/v1/courses.xlsx${toQueryString(filters)}`}
              variant="light"
              download
            >
              {ru.actions.exportXlsx}
            </Button>
            {canCreate ? <Button onClick={() => setCreating(true)}>{workspaceText.addCourse}</Button> : null}
          </Group>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end" gap="md">
          <SearchField
            label={ru.actions.search}
            placeholder={workspaceText.courseSearchPlaceholder}
            value={list.values.q}
            onChange={(q) => list.update({ q }, true)}
          />
          <Select
            label={workspaceText.status}
            placeholder={workspaceText.anyStatus}
            data={statusOptions}
            clearable
            value={list.values.status || null}
            onChange={(status) => list.update({ status })}
            miw={200}
            style={{ flex: '0 1 220px' }}
          />
          <ProgramSelect
            key={program.data ? 'named' : 'unnamed'}
            label={workspaceText.program}
            placeholder={workspaceText.anyProgram}
            clearable
            initialLabel={program.data?.title}
            value={list.values.programId}
            onChange={(programId) => list.update({ programId })}
            miw={240}
            style={{ flex: '1 1 280px' }}
          />
          <PeriodFilter
            from={list.values.from}
            to={list.values.to}
            onChange={(from, to) => list.update({ from, to })}
          />
          {list.active ? (
            <Button variant="subtle" onClick={list.reset}>
              {ru.actions.resetFilters}
            </Button>
          ) : null}
        </Group>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <CourseTable
              items={items}
              sorting={{
                // The newest first unless another order is chosen.
                sort: list.values.sort || DEFAULT_SORT,
                onSort: (sort) => list.update({ sort: sort === DEFAULT_SORT ? null : sort }),
              }}
            />
          )}
        </ListState>
        {query.data ? (
          <ListFooter
            total={query.data.total}
            page={list.page}
            limit={list.limit}
            onPage={(page) => list.update({ page: String(page) })}
          />
        ) : null}
      </Card>
      {canCreate ? <CourseCreateModal opened={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
