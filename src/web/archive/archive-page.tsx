// «Архив курсов»: archived courses the user may see (the department's, the provider's, those her
// territory's teachers learned on, or all), searched by program and filtered by year, provider,
// department, program and the learners' territory — all in the URL — sorted, paged and exported
// to Excel with the same filters. A row opens the course as it ended.
import { Anchor, Badge, Button, Card, CloseButton, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { ARCHIVE_SORT_LABEL, ARCHIVE_SORTS } from '../../contract/archive';
import { useSession } from '../auth/session';
import { DepartmentSelect, ProviderSelect, TerritorySelect } from '../directory/selects';
import { archiveText } from '../i18n/archive';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { archiveXlsxHref, useArchive } from './queries';

const text = archiveText;
const FILTERS = ['q', 'year', 'providerId', 'departmentId', 'programId', 'territoryId', 'sort'] as const;
const firstYear = 2015;
/** From next year back to the first, counted from the Bank's today (the browser's clock may be off). */
const archiveYears = (today: string) => {
  const year = Number(today.slice(0, 4));
  return Array.from({ length: year - firstYear + 2 }, (_, i) => String(year + 1 - i));
};
const sortOptions = ARCHIVE_SORTS.map((s) => ({ value: s, label: ARCHIVE_SORT_LABEL[s] }));

export function ArchivePage() {
  const { me } = useSession();
  const years = useMemo(() => archiveYears(me?.today ?? `${firstYear}`), [me?.today]);
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const filters = {
    q: v.q,
    year: v.year,
    providerId: v.providerId,
    departmentId: v.departmentId,
    programId: v.programId,
    territoryId: v.territoryId,
    sort: v.sort,
  };
  const query = useArchive({ ...filters, limit: list.limit, offset: list.offset });

  return (
    <>
      <PageHeader
        title={text.title}
        lead={text.lead}
        actions={
          <Button component="a" href={archiveXlsxHref(filters)} variant="light" download>
            {ru.actions.exportXlsx}
          </Button>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Stack gap="md" mb="md">
          <Group align="flex-end" gap="md">
            <SearchField
              label={text.search}
              placeholder={text.searchPlaceholder}
              value={v.q}
              onChange={(q) => list.update({ q }, true)}
            />
            <Select
              label={text.year}
              placeholder={ru.common.all}
              data={years}
              clearable
              value={v.year || null}
              onChange={(year) => list.update({ year })}
              w={140}
            />
            <Select
              label={text.sort}
              data={sortOptions}
              value={v.sort || '-endsOn'}
              onChange={(sort) => list.update({ sort: sort === '-endsOn' ? null : sort })}
              allowDeselect={false}
              w={220}
            />
          </Group>
          <Group align="flex-end" gap="md">
            <ProviderSelect
              label={text.provider}
              placeholder={ru.common.all}
              clearable
              value={v.providerId}
              onChange={(providerId) => list.update({ providerId, departmentId: null })}
              miw={240}
              style={{ flex: '1 1 260px' }}
            />
            <DepartmentSelect
              key={v.providerId}
              providerId={v.providerId || undefined}
              label={text.department}
              placeholder={ru.common.all}
              clearable
              value={v.departmentId}
              onChange={(departmentId) => list.update({ departmentId })}
              miw={240}
              style={{ flex: '1 1 260px' }}
            />
            <TerritorySelect
              label={text.territory}
              placeholder={ru.common.all}
              clearable
              value={v.territoryId}
              onChange={(territoryId) => list.update({ territoryId })}
              miw={220}
              style={{ flex: '1 1 220px' }}
            />
            {list.active ? (
              <Button variant="subtle" onClick={list.reset}>
                {ru.actions.resetFilters}
              </Button>
            ) : null}
          </Group>
          {v.programId ? (
            <Group gap="xs">
              <Badge variant="light" size="lg" radius="sm">
                {text.program}: {v.programId}
              </Badge>
              <CloseButton
                aria-label={ru.actions.resetFilters}
                onClick={() => list.update({ programId: null })}
              />
            </Group>
          ) : null}
        </Stack>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Caption>{text.title}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{text.columns.program}</Table.Th>
                    <Table.Th>{text.columns.provider}</Table.Th>
                    <Table.Th>{text.columns.dates}</Table.Th>
                    <Table.Th ta="right">{text.columns.hours}</Table.Th>
                    <Table.Th ta="right">{text.columns.learners}</Table.Th>
                    <Table.Th ta="right">{text.columns.completed}</Table.Th>
                    <Table.Th ta="right">{text.columns.notCompleted}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/archive/${c.id}`}
                          aria-label={text.open(c.programTitle)}
                        >
                          {c.programTitle}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          <Anchor
                            component="button"
                            type="button"
                            size="xs"
                            onClick={() => list.update({ programId: c.programId })}
                          >
                            {text.program}: {c.programId}
                          </Anchor>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.providerName}</Text>
                        <Text size="xs" c="dimmed">
                          {c.departmentName}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(c.startsOn)} — {formatDate(c.endsOn)}
                      </Table.Td>
                      <Table.Td ta="right">{c.hours}</Table.Td>
                      <Table.Td ta="right">{c.learners}</Table.Td>
                      <Table.Td ta="right">{c.completed}</Table.Td>
                      <Table.Td ta="right">{c.notCompleted}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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
    </>
  );
}
