// The federal form 1-ПК of a provider for a quarter: its sections as tables laid out like the form
// (column groups over their columns, the columns' numbers, coded lines), the lines the Bank cannot
// know marked for filling in by hand, and the workbook to download. The operator picks the
// provider; a provider's administrator sees his own.
import { Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Form1pk, Form1pkSection } from '../../contract/form1pk';
import { api, type QueryParams, toQueryString } from '../api';
import { useMe } from '../auth/session';
import { ProviderSelect } from '../directory/selects';
import { form1pkText } from '../i18n/form1pk';
import { formatDate } from '../ui/format';
import { useUrlFilters } from '../ui/list';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { WideTable } from '../ui/wide-table';

const text = form1pkText;
const FILTERS = ['year', 'quarter', 'providerId'] as const;
/** This year and the five before it, and this quarter, by the Bank's clock (`me.today`). */
function calendarOf(today: string) {
  const year = Number(today.slice(0, 4));
  return {
    years: Array.from({ length: 6 }, (_, i) => String(year - i)),
    quarter: String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1),
  };
}

function useForm1pk(params: QueryParams, enabled: boolean) {
  return useQuery({
    queryKey: ['form1pk', params],
    queryFn: ({ signal }) => api.get<Form1pk>('/reports/form-1pk', params, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function Form1pkPage() {
  const me = useMe();
  const operator = me.roles.some((r) => r.role === 'operator');
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  // The page opens on this year's quarter.
  const { years, quarter } = calendarOf(me.today);
  const params = { year: v.year || years[0], quarter: v.quarter || quarter, providerId: v.providerId };
  const ready = !operator || !!v.providerId;
  const query = useForm1pk(params, ready);
  return (
    <>
      <PageHeader
        title={text.title}
        lead={text.lead}
        actions={
          ready ? (
            <Button component="a" href={`/api/v1/reports/form-1pk.xlsx${toQueryString(params)}`} download>
              {text.download}
            </Button>
          ) : null
        }
      />
      <Card withBorder padding="md" radius="md" mb="lg">
        <Group align="flex-end" gap="md">
          <NativeSelect
            label={text.year}
            data={years}
            value={params.year}
            onChange={(e) => list.update({ year: e.currentTarget.value })}
            w={120}
          />
          <NativeSelect
            label={text.quarter}
            data={text.quarters.map((label, i) => ({ value: String(i + 1), label }))}
            value={params.quarter}
            onChange={(e) => list.update({ quarter: e.currentTarget.value })}
            w={280}
          />
          {operator ? (
            <ProviderSelect
              label={text.provider}
              value={v.providerId}
              onChange={(providerId) => list.update({ providerId })}
              miw={280}
              style={{ flex: '1 1 300px' }}
            />
          ) : null}
        </Group>
      </Card>
      {!ready ? (
        <Text>{text.chooseProvider}</Text>
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={query.refetch} />
      ) : !query.data ? (
        <PageLoader />
      ) : (
        <Stack gap="lg">
          <Text>
            <b>{query.data.provider.name}</b>.{' '}
            {text.period(formatDate(query.data.from), formatDate(query.data.to))}
          </Text>
          {query.data.sections.map((section) => (
            <SectionTable key={section.code} section={section} />
          ))}
        </Stack>
      )}
    </>
  );
}

function SectionTable({ section }: { section: Form1pkSection }) {
  const id = `form1pk-section-${section.code}`;
  // Column groups span their columns in the first header row; a column without one spans both rows.
  const groups: { title: string | null; span: number; index: number }[] = [];
  section.columns.forEach((c, index) => {
    const last = groups[groups.length - 1];
    if (c.group !== null && last && last.title === c.group) last.span++;
    else groups.push({ title: c.group, span: 1, index });
  });
  const grouped = section.columns.some((c) => c.group !== null);
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {text.section(section.code, section.title)}
      </Title>
      <WideTable minWidth={760} label={text.section(section.code, section.title)}>
        <Table withTableBorder withColumnBorders verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th rowSpan={grouped ? 2 : 1}>{text.lineName}</Table.Th>
              <Table.Th rowSpan={grouped ? 2 : 1}>{text.lineCode}</Table.Th>
              {groups.map((g) =>
                g.title === null ? (
                  <Table.Th key={g.index} rowSpan={grouped ? 2 : 1} ta="center">
                    {section.columns[g.index]?.title}
                  </Table.Th>
                ) : (
                  <Table.Th key={g.index} colSpan={g.span} ta="center">
                    {g.title}
                  </Table.Th>
                ),
              )}
            </Table.Tr>
            {grouped ? (
              <Table.Tr>
                {section.columns.map((c) =>
                  c.group === null ? null : (
                    <Table.Th key={c.number} ta="center">
                      {c.title}
                    </Table.Th>
                  ),
                )}
              </Table.Tr>
            ) : null}
            <Table.Tr>
              {[1, 2, ...section.columns.map((c) => c.number)].map((n) => (
                <Table.Th key={n} ta="center" fw={400}>
                  {n}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {section.lines.map((line) => (
              <Table.Tr key={`${line.code}-${line.title}`}>
                <Table.Th scope="row" fw={line.level === 0 ? 700 : 400} pl={8 + line.level * 16}>
                  {line.title}{' '}
                  {line.manual ? (
                    <Badge color="yellow" variant="light" c="dark">
                      {text.manual}
                    </Badge>
                  ) : null}
                </Table.Th>
                <Table.Td ta="center">{line.code}</Table.Td>
                {line.values.map((value, i) => (
                  <Table.Td key={section.columns[i]?.number ?? i} ta="right">
                    {value ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </WideTable>
      {section.note ? (
        <Text size="sm" c="dimmed" mt="sm">
          {section.note}
        </Text>
      ) : null}
    </Card>
  );
}
