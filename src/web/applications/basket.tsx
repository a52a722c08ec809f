// What both baskets are made of: the course filter (a server search with the chosen course's name
// loaded for a link), the table of applications with row selection, the bar of bulk actions and the
// report of what a bulk action did to each application.
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type {
  ApplicationAction,
  ApplicationSortField,
  ApplicationStatus,
  ApplicationSummary,
} from '../../contract/applications';
import type { CatalogCourse, CatalogItem, Course, CourseSummary } from '../../contract/catalog';
import type { Page } from '../../contract/common';
import { api, keys, type QueryParams, toQueryString } from '../api';
import { RemoteSelect } from '../directory/selects';
import { applicationsText } from '../i18n/applications';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { formatDate, formatDateTime } from '../ui/format';
import { SortableTh } from '../ui/sort';
import type { BulkOutcome } from './actions';
import { ACTION_LABEL, ApplicationState, STATUS_LABEL } from './status';

const text = applicationsText;

/** Where the course filter finds courses: the public catalog (a methodist) or the department's. */
export type CourseSource = 'catalog' | 'department';

const option = (id: string, title: string, startsOn: string) => ({
  value: id,
  label: text.courseOption(title, formatDate(startsOn)),
});

/** A course's title and dates, as its source shows them. */
export function useCourseBrief(courseId: string, source: CourseSource, enabled = true) {
  return useQuery({
    queryKey: source === 'catalog' ? keys.catalog.one(courseId) : keys.courses.one(courseId),
    queryFn: ({ signal }) =>
      api.get<CatalogCourse | Course>(
        `/${source === 'catalog' ? 'catalog' : 'courses'}/${encodeURIComponent(courseId)}`,
        undefined,
        signal,
      ),
    select: (c) => ({
      id: c.id,
      title: 'programTitle' in c ? c.programTitle : c.program.title,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
    }),
    enabled: enabled && !!courseId,
  });
}

export function CourseFilter({
  source,
  value,
  onChange,
}: {
  source: CourseSource;
  value: string;
  onChange: (value: string) => void;
}) {
  // A course chosen in the URL is named once its title is known; later choices name themselves.
  const [ready, setReady] = useState(!value);
  const brief = useCourseBrief(value, source, !ready);
  useEffect(() => {
    if (!ready && (brief.data || brief.isError)) setReady(true);
  }, [ready, brief.data, brief.isError]);
  const common = {
    label: text.filterCourse,
    placeholder: text.filterCourseAny,
    clearable: true,
    miw: 260,
    style: { flex: '2 1 260px' },
  };
  if (!ready) return <Select {...common} data={[]} disabled rightSection={<Loader size="xs" />} />;
  return (
    <RemoteSelect
      {...common}
      value={value}
      onChange={onChange}
      initialLabel={
        brief.data ? option(brief.data.id, brief.data.title, brief.data.startsOn).label : undefined
      }
      queryKey={(q) =>
        source === 'catalog'
          ? keys.catalog.list({ q, limit: 50, for: 'basket' })
          : keys.courses.list({ q, limit: 50, for: 'basket' })
      }
      load={async (q, signal) => {
        if (source === 'catalog') {
          const page = await api.get<Page<CatalogItem>>('/catalog', { q, limit: 50 }, signal);
          return page.items.map((c) => option(c.id, c.title, c.startsOn));
        }
        const page = await api.get<Page<CourseSummary>>('/courses', { q, limit: 50 }, signal);
        return page.items
          .filter((c) => c.status !== 'draft')
          .map((c) => option(c.id, c.programTitle, c.startsOn));
      }}
    />
  );
}

/** The selected ids of the rows on the page; a new page or filter starts a new selection. */
export function useSelection(items: ApplicationSummary[] | undefined, resetKey: string) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the page shown
  useEffect(() => setSelected(new Set()), [resetKey]);
  const visible = useMemo(() => items ?? [], [items]);
  // Rows that left the page (refreshed after an action) leave the selection too.
  const chosen = visible.filter((a) => selected.has(a.id));
  const all = visible.length > 0 && chosen.length === visible.length;
  return {
    chosen,
    has: (id: string) => selected.has(id),
    toggle: (id: string) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    all,
    some: chosen.length > 0 && !all,
    toggleAll: () => setSelected(all ? new Set() : new Set(visible.map((a) => a.id))),
    clear: () => setSelected(new Set()),
  };
}

export type Selection = ReturnType<typeof useSelection>;

/** The bulk actions for the selected rows: a button is live when some selected row allows it. */
export function BulkBar({
  selection,
  actions,
  onAction,
  busy,
}: {
  selection: Selection;
  actions: ApplicationAction[];
  onAction: (action: ApplicationAction, apps: ApplicationSummary[]) => void;
  busy: boolean;
}) {
  const count = selection.chosen.length;
  return (
    <Group
      gap="sm"
      mb="sm"
      p="xs"
      role="toolbar"
      aria-label={text.selected(count)}
      style={{ borderRadius: 'var(--mantine-radius-sm)', background: 'var(--mantine-color-gray-0)' }}
    >
      <Text size="sm" fw={600} aria-live="polite" miw={90}>
        {text.selected(count)}
      </Text>
      {actions.map((action) => (
        <Button
          key={action}
          size="xs"
          variant={action === 'reject' || action === 'decline' ? 'light' : 'filled'}
          color={action === 'reject' || action === 'decline' ? 'red' : 'primary'}
          disabled={!selection.chosen.some((a) => a.abilities[action])}
          loading={busy}
          onClick={() => onAction(action, selection.chosen)}
        >
          {ACTION_LABEL[action]}
        </Button>
      ))}
      {count > 0 ? (
        <Button size="xs" variant="subtle" onClick={selection.clear}>
          {text.clearSelection}
        </Button>
      ) : null}
    </Group>
  );
}

/** What the last bulk action did: how many succeeded (by the state they reached) and each failure. */
export function BulkOutcomeAlert({ outcome, onClose }: { outcome: BulkOutcome; onClose: () => void }) {
  const failed = outcome.failures.length;
  return (
    <Alert
      color={failed === 0 ? 'teal' : outcome.ok === 0 ? 'red' : 'orange'}
      title={text.bulkTitle(ACTION_LABEL[outcome.action], outcome.ok, outcome.total)}
      withCloseButton
      closeButtonLabel={ru.actions.close}
      onClose={onClose}
      mb="md"
      data-testid="bulk-outcome"
    >
      <Stack gap={6}>
        {outcome.byStatus.length > 0 ? (
          <Text size="sm">
            {outcome.byStatus.map((s) => text.bulkByStatus(STATUS_LABEL[s.status], s.count)).join('; ')}
          </Text>
        ) : null}
        {failed > 0 ? (
          <>
            <Text size="sm" fw={600}>
              {text.bulkFailed(failed)}
            </Text>
            <List size="sm" spacing={2}>
              {outcome.failures.map((f) => (
                <List.Item key={f.id}>{text.bulkFailure(f.teacher, f.error)}</List.Item>
              ))}
            </List>
          </>
        ) : null}
      </Stack>
    </Alert>
  );
}

type Columns = { queue?: boolean; territory?: boolean; course?: boolean; created?: boolean };

/** The list's order (`sort` in the URL) and how a column header changes it. */
export type Sorting = { sort: string; onSort: (sort: string) => void };

/** A column header that sorts the list, or its plain header when the list is not sorted. */
function SortTh({
  field,
  label,
  sorting,
  w,
}: {
  field: ApplicationSortField;
  label: string;
  sorting: Sorting | undefined;
  w?: number;
}) {
  if (!sorting) return <Table.Th w={w}>{label}</Table.Th>;
  return <SortableTh field={field} label={label} sort={sorting.sort} onSort={sorting.onSort} w={w} />;
}

/** How many applications of the list are in each state; a press filters by it. */
export function StatusCounts({
  counts,
  status,
  onStatus,
}: {
  counts: { status: ApplicationStatus; count: number }[] | undefined;
  status: string;
  onStatus: (status: string | null) => void;
}) {
  if (!counts) return null;
  const all = counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <Group gap={6} mb="md" role="group" aria-label={text.byStatusLabel} data-testid="status-counts">
      <Button size="compact-sm" variant={status ? 'default' : 'filled'} onClick={() => onStatus(null)}>
        {text.byStatusAll(all)}
      </Button>
      {counts.map((c) => (
        <Button
          key={c.status}
          size="compact-sm"
          variant={status === c.status ? 'filled' : 'default'}
          aria-pressed={status === c.status}
          onClick={() => onStatus(c.status)}
        >
          {text.byStatusOne(STATUS_LABEL[c.status], c.count)}
        </Button>
      ))}
    </Group>
  );
}

/** The list as XLSX with the same filters and order: a plain link, the session cookie goes with it. */
export function ExportButton({ params }: { params: QueryParams }) {
  const { limit: _limit, offset: _offset, ...filters } = params;
  return (
    <Button
      component="a"
      href={`/api/v1/applications.xlsx${toQueryString(filters)}`}
      download
      variant="light"
    >
      {ru.actions.exportXlsx}
    </Button>
  );
}

/** The applications of a basket; with `selection`, each row and the page have a checkbox. */
export function BasketTable({
  items,
  selection,
  columns,
  rowActions,
  sorting,
}: {
  items: ApplicationSummary[];
  selection: Selection | null;
  columns: Columns;
  rowActions?: (a: ApplicationSummary) => ReactNode;
  sorting?: Sorting;
}) {
  return (
    <Table.ScrollContainer minWidth={columns.course ? 1060 : 860}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {selection ? (
              <Table.Th w={40}>
                <Checkbox
                  aria-label={text.selectAll}
                  checked={selection.all}
                  indeterminate={selection.some}
                  onChange={selection.toggleAll}
                />
              </Table.Th>
            ) : null}
            {columns.queue ? <Table.Th w={80}>{text.colQueue}</Table.Th> : null}
            <SortTh field="teacher" label={text.colTeacher} sorting={sorting} />
            <SortTh
              field="organization"
              label={
                columns.territory ? `${text.colOrganization} · ${text.colTerritory}` : text.colOrganization
              }
              sorting={sorting}
            />
            {columns.course ? <SortTh field="startsOn" label={text.colCourse} sorting={sorting} /> : null}
            <SortTh field="applyUntil" label={text.colApplyUntil} sorting={sorting} />
            <SortTh field="status" label={text.colStatus} sorting={sorting} />
            {columns.created === false ? null : (
              <SortTh field="appliedAt" label={text.colCreated} sorting={sorting} />
            )}
            {rowActions ? (
              <Table.Th>
                <VisuallyHidden>{ru.common.actionsColumn}</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr
              key={a.id}
              data-testid={`application-${a.id}`}
              bg={selection?.has(a.id) ? 'var(--mantine-color-primary-light)' : undefined}
            >
              {selection ? (
                <Table.Td>
                  <Checkbox
                    aria-label={text.selectOne(a.teacher.fullName)}
                    checked={selection.has(a.id)}
                    onChange={() => selection.toggle(a.id)}
                  />
                </Table.Td>
              ) : null}
              {columns.queue ? (
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {a.waitlistPosition ?? ru.common.none}
                  </Text>
                </Table.Td>
              ) : null}
              <Table.Td miw={200}>
                <Anchor component={Link} to={`/applications/${a.id}`} size="sm" fw={500}>
                  {a.teacher.fullName}
                </Anchor>
                {a.teacher.position ? (
                  <Text size="xs" c="dimmed">
                    {a.teacher.position}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td miw={200}>
                <Text size="sm">{a.organization.name}</Text>
                {columns.territory ? (
                  <Text size="xs" c="dimmed">
                    {a.territory.name}
                  </Text>
                ) : null}
              </Table.Td>
              {columns.course ? (
                <Table.Td miw={220}>
                  <Text size="sm">{a.course.title}</Text>
                  <Text size="xs" c="dimmed">
                    {catalogText.dates(formatDate(a.course.startsOn), formatDate(a.course.endsOn))}
                  </Text>
                </Table.Td>
              ) : null}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDate(a.course.applyUntil)}</Text>
              </Table.Td>
              <Table.Td miw={190}>
                <ApplicationState application={a} />
              </Table.Td>
              {columns.created === false ? null : (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatDateTime(a.createdAt)}</Text>
                </Table.Td>
              )}
              {rowActions ? <Table.Td>{rowActions(a)}</Table.Td> : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
