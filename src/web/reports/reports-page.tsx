// «Статистика»: the summary for a reporting period — a saved period or any dates — by one or two
// dimensions, sortable by any column, with its totals and the same table in Excel (the server
// orders the rows, so the spreadsheet lists them as the screen does). The operator keeps the
// periods below it: adds, closes (the figures freeze) and reopens them with a reason.
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import {
  DIMENSION_LABEL,
  DIMENSIONS,
  type Dimension,
  type SummaryRow,
  type SummarySortField,
  type SummaryTotals,
} from '../../contract/reports';
import { useMe } from '../auth/session';
import { reportsText } from '../i18n/reports';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { useUrlFilters } from '../ui/list';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { SortableTh } from '../ui/sort';
import { DateField } from '../workspace/course-fields';
import { PeriodsSection } from './periods-section';
import { summaryXlsxHref, usePeriods, useSummary } from './queries';

const text = reportsText;
const FILTERS = ['periodId', 'from', 'to', 'by', 'by2', 'sort'] as const;
const CUSTOM = 'custom';
const dimensions = DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABEL[d] }));

type Measure = Exclude<SummarySortField, 'name'>;
const MEASURES: Measure[] = [
  'courses',
  'groups',
  'applications',
  'enrolled',
  'completed',
  'notCompleted',
  'noShow',
  'personHours',
  'documents',
];

const number = (n: number | null) => (n === null ? '—' : n.toLocaleString('ru-RU'));
const percent = (share: number | null) =>
  share === null ? '—' : `${(share * 100).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`;

/** This year by the Bank's clock (`me.today`): the page's default period. */
function yearOf(today: string) {
  const year = today.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function ReportsPage() {
  const me = useMe();
  const operator = me.roles.some((r) => r.role === 'operator');
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const periods = usePeriods();
  const year = useMemo(() => yearOf(me.today), [me.today]);
  // The page opens on this year: the saved period of exactly this year when there is one (a closed
  // one shows its figures as closed), otherwise these dates.
  const periodId =
    v.periodId ||
    (v.from || v.to
      ? ''
      : (periods.data?.items.find((p) => p.startsOn === year.from && p.endsOn === year.to)?.id ?? ''));
  const custom = !periodId;
  const from = custom ? v.from || year.from : undefined;
  const to = custom ? v.to || year.to : undefined;
  const by = [v.by || 'territory', ...(v.by2 && v.by2 !== v.by ? [v.by2] : [])].join(',');
  const sort = v.sort || 'name';
  const params = custom ? { from, to, by, sort } : { periodId, by, sort };
  // Until the saved periods are known, the default is not (no summary of the wrong period first).
  const settled = Boolean(v.periodId || v.from || v.to) || !periods.isPending;
  const ready = settled && (!custom || (!!from && !!to && from <= to));
  const query = useSummary(params, ready);
  const hasShare = query.data?.totals.cpdShare !== null && query.data?.totals.teachers !== null;

  const periodOptions = [
    { value: CUSTOM, label: text.custom },
    ...(periods.data?.items ?? []).map((p) => ({
      value: p.id,
      label: `${p.name}${p.closedAt ? ' — закрыт' : ''}`,
    })),
  ];

  const sortHeader = (field: SummarySortField, label: string, align: 'left' | 'right' = 'right') => (
    <SortableTh
      key={field}
      field={field}
      label={label}
      sort={sort}
      onSort={(next) => list.update({ sort: next }, true)}
      descFirst={align === 'right'}
      ta={align}
    />
  );

  const cells = (r: SummaryTotals) => (
    <>
      {MEASURES.map((m) => (
        <Table.Td key={m} ta="right">
          {number(r[m])}
        </Table.Td>
      ))}
      {hasShare ? <Table.Td ta="right">{percent(r.cpdShare)}</Table.Td> : null}
    </>
  );

  const data = query.data;
  const [first, second] = by.split(',') as [Dimension, Dimension | undefined];

  return (
    <>
      <PageHeader
        title={text.title}
        lead={text.lead}
        actions={
          <Button component="a" href={summaryXlsxHref(params)} variant="light" download disabled={!data}>
            {ru.actions.exportXlsx}
          </Button>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Stack gap="md">
          <Group align="flex-end" gap="md">
            <Select
              label={text.period}
              data={periodOptions}
              value={periodId || CUSTOM}
              onChange={(chosen) =>
                list.update(
                  chosen === CUSTOM
                    ? { periodId: null, from: from ?? year.from, to: to ?? year.to }
                    : { periodId: chosen, from: null, to: null },
                  true,
                )
              }
              allowDeselect={false}
              miw={220}
              style={{ flex: '1 1 240px' }}
            />
            {custom ? (
              <>
                <DateField
                  label={text.from}
                  value={from}
                  onChange={(d) => list.update({ from: d || null }, true)}
                  w={150}
                />
                <DateField
                  label={text.to}
                  value={to}
                  onChange={(d) => list.update({ to: d || null }, true)}
                  w={150}
                />
              </>
            ) : null}
            <Select
              label={text.by}
              data={dimensions}
              value={first}
              onChange={(d) => list.update({ by: d === 'territory' ? null : d, sort: null }, true)}
              allowDeselect={false}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
            <Select
              label={text.by2}
              placeholder={text.none}
              data={dimensions.filter((d) => d.value !== first)}
              value={second ?? null}
              onChange={(d) => list.update({ by2: d, sort: null }, true)}
              clearable
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
          </Group>
          {!ready ? <Alert color="yellow">{text.pickDates}</Alert> : null}
          {ready && query.isPending ? <PageLoader /> : null}
          {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
          {data ? (
            <>
              <Group gap="sm">
                <Badge variant="light" color={data.period.frozen ? 'gray' : 'blue'} radius="sm">
                  {data.period.frozen
                    ? text.frozen(formatDate(data.period.closedAt?.slice(0, 10)))
                    : text.live}
                </Badge>
                <Text size="sm">{text.scope(data.scope)}</Text>
              </Group>
              {data.rows.length === 0 ? (
                <Text c="dimmed">{text.empty}</Text>
              ) : (
                <Table.ScrollContainer minWidth={second ? 1180 : 1000}>
                  <Table verticalSpacing="xs" striped highlightOnHover>
                    <Table.Caption>
                      {text.caption(formatDate(data.period.from), formatDate(data.period.to))}
                    </Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        {sortHeader('name', DIMENSION_LABEL[first], 'left')}
                        {second ? <Table.Th>{DIMENSION_LABEL[second]}</Table.Th> : null}
                        {MEASURES.map((m) => sortHeader(m, text.columns[m]))}
                        {hasShare ? sortHeader('cpdShare', text.columns.cpdShare) : null}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.rows.map((r: SummaryRow) => (
                        <Table.Tr key={`${r.key}|${r.key2 ?? ''}`}>
                          <Table.Th scope="row" fw={500}>
                            {r.name}
                          </Table.Th>
                          {second ? <Table.Td>{r.name2}</Table.Td> : null}
                          {cells(r)}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                    <Table.Tfoot>
                      <Table.Tr fw={700}>
                        <Table.Th scope="row">{text.total}</Table.Th>
                        {second ? <Table.Td /> : null}
                        {cells(data.totals)}
                      </Table.Tr>
                    </Table.Tfoot>
                  </Table>
                </Table.ScrollContainer>
              )}
              <Text size="sm" c="dimmed">
                {text.distinctNote}
                {hasShare ? ` ${text.cpdNote(formatDate(data.cpdAsOf))}` : ''}
              </Text>
            </>
          ) : null}
        </Stack>
      </Card>
      {operator ? (
        <PeriodsSection
          query={periods}
          onShow={(id) => list.update({ periodId: id, from: null, to: null }, true)}
        />
      ) : null}
    </>
  );
}
