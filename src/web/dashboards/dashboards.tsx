// The cabinet's dashboards, one per role the user holds: the manager's courses, the methodist's
// territory, the head's department, the operator's region. Loaded with the cabinet's dashboards
// section only; the charts come later still (their own chunk), the tables with the same numbers first.
import {
  Anchor,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { APPLICATION_STATUS_LABEL } from '../../contract/applications';
import type { RoleName } from '../../contract/auth';
import type { RegionRow, RegionSortKey, StatusCount } from '../../contract/dashboards';
import { useMe } from '../auth/session';
import { dashboardsText } from '../i18n/dashboards';
import { formatDate } from '../ui/format';
import { LoadError, PageLoader } from '../ui/page';
import { SortableTh } from '../ui/sort';
import {
  regionXlsxHref,
  useHeadDashboard,
  useManagerDashboard,
  useMethodistDashboard,
  useRegionDashboard,
} from './queries';

const BarsChart = lazy(async () => ({ default: (await import('./charts')).BarsChart }));
const text = dashboardsText;

/** The roles that have a dashboard, in the order they are shown. */
const DASHBOARD_ROLES: RoleName[] = ['operator', 'head', 'manager', 'methodist'];

export function RoleDashboards({ roles }: { roles: RoleName[] }) {
  const shown = DASHBOARD_ROLES.filter((r) => roles.includes(r));
  if (!shown.length) return null;
  return (
    <Stack gap="lg" mt="xl">
      {shown.map((role) => {
        switch (role) {
          case 'operator':
            return <RegionDashboardCard key={role} />;
          case 'head':
            return <HeadDashboardCard key={role} />;
          case 'manager':
            return <ManagerDashboardCard key={role} />;
          default:
            return <MethodistDashboardCard key={role} />;
        }
      })}
    </Stack>
  );
}

function Frame({
  id,
  title,
  lead,
  actions,
  children,
}: {
  id: string;
  title: string;
  lead: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Stack gap={4} maw={760}>
          <Title order={2} size="h3" id={id}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {lead}
          </Text>
        </Stack>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

/** A query's loading and error states around its dashboard. */
function Loaded<T>({
  query,
  children,
}: {
  query: { data: T | undefined; isError: boolean; error: unknown; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <LoadError error={query.error} onRetry={query.refetch} />;
  if (query.data === undefined) return <PageLoader />;
  return children(query.data);
}

const sorted = (rows: StatusCount[]) =>
  [...rows].sort(
    (a, b) =>
      Object.keys(APPLICATION_STATUS_LABEL).indexOf(a.status) -
      Object.keys(APPLICATION_STATUS_LABEL).indexOf(b.status),
  );

/** Applications by state: the chart and, beside it, the same numbers as a table. */
function StatusBlock({ rows, caption }: { rows: StatusCount[]; caption: string }) {
  const ordered = sorted(rows);
  if (!ordered.length) return <Text size="sm">{text.empty}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Table withTableBorder verticalSpacing={4}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{text.status}</Table.Th>
            <Table.Th ta="right">{text.count}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map((r) => (
            <Table.Tr key={r.status}>
              <Table.Td>{APPLICATION_STATUS_LABEL[r.status]}</Table.Td>
              <Table.Td ta="right">{r.count}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Suspense fallback={<PageLoader />}>
        <BarsChart
          title={caption}
          bars={ordered.map((r) => ({ label: APPLICATION_STATUS_LABEL[r.status], value: r.count }))}
          horizontal
        />
      </Suspense>
    </SimpleGrid>
  );
}

const dates = (c: { startsOn: string; endsOn: string }) =>
  `${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}`;
const statusLine = (rows: StatusCount[]) =>
  sorted(rows)
    .map((r) => `${APPLICATION_STATUS_LABEL[r.status]}: ${r.count}`)
    .join(', ');

function ManagerDashboardCard() {
  const query = useManagerDashboard();
  return (
    <Frame id="dashboard-manager" title={text.manager.title} lead={text.manager.lead}>
      <Loaded query={query}>
        {(d) =>
          d.courses.length === 0 ? (
            <Text size="sm">{text.manager.none}</Text>
          ) : (
            <Stack gap="lg">
              <StatusBlock rows={d.byStatus} caption={text.byStatus} />
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="sm">
                  <Table.Caption>{text.manager.title}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{text.course}</Table.Th>
                      <Table.Th>{text.dates}</Table.Th>
                      <Table.Th ta="right">{text.applications}</Table.Th>
                      <Table.Th>{text.byStatus}</Table.Th>
                      <Table.Th>{text.byTerritory}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.courses.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/workspace/courses/${c.id}`}>
                            {c.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{dates(c)}</Table.Td>
                        <Table.Td ta="right">
                          {c.applications} / {c.capacity}
                        </Table.Td>
                        <Table.Td>{statusLine(c.byStatus)}</Table.Td>
                        <Table.Td>
                          {c.byTerritory.map((t) => `${t.territoryName}: ${t.count}`).join(', ')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          )
        }
      </Loaded>
    </Frame>
  );
}

function MethodistDashboardCard() {
  const query = useMethodistDashboard();
  const m = text.methodist;
  const names = query.data?.territories.map((t) => t.name).join(', ') ?? '';
  return (
    <Frame id="dashboard-methodist" title={m.title(names)} lead={m.lead}>
      <Loaded query={query}>
        {(d) => (
          <Stack gap="lg">
            <Text size="sm">
              {m.overdue(d.overdue, d.due)}{' '}
              <Anchor component={Link} to="/teachers/overdue" size="sm">
                {m.overdueLink}
              </Anchor>
            </Text>
            <StatusBlock rows={d.byStatus} caption={text.byStatus} />
            <div>
              <Title order={3} size="h5" mb="xs">
                {m.attendance}
              </Title>
              {d.attendance.length === 0 ? (
                <Text size="sm">{m.noRunning}</Text>
              ) : (
                <Table.ScrollContainer minWidth={680}>
                  <Table verticalSpacing="sm">
                    <Table.Caption>{m.marksNote}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{text.course}</Table.Th>
                        <Table.Th>{text.dates}</Table.Th>
                        <Table.Th ta="right">{text.learners}</Table.Th>
                        <Table.Th ta="right">{m.present}</Table.Th>
                        <Table.Th ta="right">{m.absent}</Table.Th>
                        <Table.Th ta="right">{m.excused}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.attendance.map((c) => (
                        <Table.Tr key={c.id}>
                          <Table.Td>
                            <Anchor component={Link} to={`/attendance?courseId=${c.id}`}>
                              {c.title}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{dates(c)}</Table.Td>
                          <Table.Td ta="right">{c.learners}</Table.Td>
                          <Table.Td ta="right">{c.present}</Table.Td>
                          <Table.Td ta="right">{c.absent}</Table.Td>
                          <Table.Td ta="right">{c.excused}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </div>
          </Stack>
        )}
      </Loaded>
    </Frame>
  );
}

function HeadDashboardCard() {
  const query = useHeadDashboard();
  return (
    <Frame id="dashboard-head" title={text.head.title} lead={text.head.lead}>
      <Loaded query={query}>
        {(d) =>
          d.courses.length === 0 ? (
            <Text size="sm">{text.head.none}</Text>
          ) : (
            <Stack gap="lg">
              <Text size="sm">{text.head.totals(d.learners, d.completed)}</Text>
              <StatusBlock rows={d.byStatus} caption={text.byStatus} />
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="sm">
                  <Table.Caption>{text.head.title}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{text.course}</Table.Th>
                      <Table.Th>{text.dates}</Table.Th>
                      <Table.Th ta="right">{text.applications}</Table.Th>
                      <Table.Th>{text.byStatus}</Table.Th>
                      <Table.Th ta="right">{text.learners}</Table.Th>
                      <Table.Th ta="right">{text.completed}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.courses.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/workspace/courses/${c.id}`}>
                            {c.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{dates(c)}</Table.Td>
                        <Table.Td ta="right">{c.applications}</Table.Td>
                        <Table.Td>{statusLine(c.byStatus)}</Table.Td>
                        <Table.Td ta="right">{c.learners}</Table.Td>
                        <Table.Td ta="right">{c.completed}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          )
        }
      </Loaded>
    </Frame>
  );
}

const REGION_COLUMNS: { key: RegionSortKey; numeric: boolean }[] = [
  { key: 'name', numeric: false },
  { key: 'teachers', numeric: true },
  { key: 'applications', numeric: true },
  { key: 'enrolled', numeric: true },
  { key: 'completed', numeric: true },
  { key: 'cpdShare', numeric: true },
  { key: 'overdue', numeric: true },
];

const cell = (row: Omit<RegionRow, 'territoryId' | 'name'> & { name?: string }, key: RegionSortKey) => {
  if (key === 'name') return row.name ?? '';
  if (key === 'cpdShare') return row.cpdShare === null ? '—' : row.cpdShare.toLocaleString('ru-RU');
  return row[key];
};

/** A territory's name short enough for a chart's axis: «Пермский ГО», «Кунгурский МО». */
const shortName = (name: string) =>
  name
    .replace(/ муниципальный округ$/, ' МО')
    .replace(/ муниципальный район$/, ' МР')
    .replace(/ городской округ$/, ' ГО');

/** The years one may look at: this one by the Bank's clock (`me.today`) and the five before it. */
const recentYears = (today: string) =>
  Array.from({ length: 6 }, (_, i) => String(Number(today.slice(0, 4)) - i));

function RegionDashboardCard() {
  const r = text.region;
  const years = recentYears(useMe().today);
  const [year, setYear] = useState('');
  // The order as a list's: a column, `-column` for the largest first.
  const [sort, setSort] = useState('name');
  const params = {
    year,
    sort: sort.replace(/^-/, '') as RegionSortKey,
    order: sort.startsWith('-') ? ('desc' as const) : ('asc' as const),
  };
  const query = useRegionDashboard(params);
  const shownYear = query.data ? String(query.data.year) : year;
  return (
    <Frame
      id="dashboard-region"
      title={r.title}
      lead={r.lead}
      actions={
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label={r.year}
            data={years.includes(shownYear) || !shownYear ? years : [shownYear, ...years]}
            value={shownYear}
            onChange={(e) => setYear(e.currentTarget.value)}
            w={110}
          />
          <Button component="a" href={regionXlsxHref(params)} variant="light" download>
            {r.export}
          </Button>
        </Group>
      }
    >
      <Loaded query={query}>
        {(d) => (
          <Stack gap="lg">
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing={6} striped highlightOnHover>
                <Table.Caption>{r.caption(d.year)}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    {REGION_COLUMNS.map((c) => (
                      <SortableTh
                        key={c.key}
                        field={c.key}
                        label={r.columns[c.key]}
                        sort={sort}
                        onSort={setSort}
                        descFirst={c.numeric}
                        ta={c.numeric ? 'right' : undefined}
                      />
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.rows.map((row) => (
                    <Table.Tr key={row.territoryId}>
                      {REGION_COLUMNS.map((c) =>
                        c.key === 'name' ? (
                          <Table.Th key={c.key} scope="row" fw={400}>
                            {row.name}
                          </Table.Th>
                        ) : (
                          <Table.Td key={c.key} ta="right">
                            {cell(row, c.key)}
                          </Table.Td>
                        ),
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    {REGION_COLUMNS.map((c) =>
                      c.key === 'name' ? (
                        <Table.Th key={c.key} scope="row">
                          {r.totals}
                        </Table.Th>
                      ) : (
                        <Table.Td key={c.key} ta="right" fw={700}>
                          {cell(d.totals, c.key)}
                        </Table.Td>
                      ),
                    )}
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
            <div>
              <Title order={3} size="h5" mb="xs">
                {r.chart}
              </Title>
              <Suspense fallback={<PageLoader />}>
                <BarsChart
                  title={r.chart}
                  unit="%"
                  horizontal
                  bars={d.rows
                    .filter((row) => row.cpdShare !== null)
                    .map((row) => ({
                      label: row.name,
                      short: shortName(row.name),
                      value: row.cpdShare ?? 0,
                    }))}
                />
              </Suspense>
            </div>
          </Stack>
        )}
      </Loaded>
    </Frame>
  );
}
