// The public catalog: a Russian full-text search, filters and a page of course cards, all kept in
// the URL so a search can be reloaded and shared as a link. No login is needed.
import {
  Badge,
  Button,
  Card,
  CloseButton,
  Collapse,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { ApplicationSummary } from '../../contract/applications';
import type { CatalogItem, CourseStatus } from '../../contract/catalog';
import { keys } from '../api';
import { useApplications } from '../applications/queries';
import { ACTIVE, ApplicationStatusBadge } from '../applications/status';
import { hasRole, useSession } from '../auth/session';
import { fetchDepartments, WHOLE } from '../directory/queries';
import { PositionSelect, ProviderSelect, TerritorySelect } from '../directory/selects';
import { applicationsText } from '../i18n/applications';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { DATE_FORMAT, formatDate, parseRuDate } from '../ui/format';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PHONE_QUERY } from '../ui/modal';
import { PageHeader } from '../ui/page';
import { useCatalog } from './queries';

const FILTERS = [
  'q',
  'providerId',
  'departmentId',
  'form',
  'distance',
  'from',
  'to',
  'position',
  'territoryId',
  'open',
  'sort',
] as const;

/** `open` in the URL: absent means the default, courses taking applications only; `all` lifts it. */
const ALL_COURSES = 'all';

export const STATUS_COLORS: Partial<Record<CourseStatus, string>> = {
  published: 'green',
  closed: 'orange',
  running: 'blue',
  cancelled: 'red',
};

/**
 * A course's state. A running course past its last day (`ended`, the server's word by the Bank's
 * date) is no longer being taught: the staff who record results read that it waits for them,
 * learners and visitors that its study is over.
 */
export function StatusBadge({
  status,
  ended = false,
  staff = false,
}: {
  status: CourseStatus;
  ended?: boolean;
  staff?: boolean;
}) {
  const over = status === 'running' && ended;
  return (
    <Badge color={over ? 'orange' : (STATUS_COLORS[status] ?? 'gray')} variant="light" radius="sm">
      {over ? (staff ? catalogText.awaitingResults : catalogText.studyEnded) : catalogText.statuses[status]}
    </Badge>
  );
}

function DepartmentFilter({
  providerId,
  value,
  onChange,
}: {
  providerId: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const params = { providerId, limit: WHOLE };
  const query = useQuery({
    queryKey: keys.departments.list({ ...params, for: 'catalog' }),
    queryFn: ({ signal }) => fetchDepartments(params, signal),
  });
  const data = useMemo(
    () =>
      (query.data?.items ?? []).map((d) => ({
        value: d.id,
        label: providerId ? d.name : `${d.name} (${d.providerName})`,
      })),
    [query.data, providerId],
  );
  return (
    <Select
      label={catalogText.department}
      placeholder={catalogText.any}
      searchable
      clearable
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage={ru.common.nothingFound}
    />
  );
}

/** A period of course start dates, kept as two ISO dates. */
export function PeriodFilter({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}) {
  const [value, setValue] = useState<[string | null, string | null]>([from || null, to || null]);
  useEffect(() => setValue([from || null, to || null]), [from, to]);
  return (
    <DatePickerInput
      type="range"
      label={catalogText.period}
      placeholder={catalogText.periodPlaceholder}
      valueFormat={DATE_FORMAT}
      locale="ru"
      clearable
      allowSingleDateInRange
      value={value}
      onChange={(next) => {
        const range: [string | null, string | null] = [next[0] ?? null, next[1] ?? null];
        setValue(range);
        if ((range[0] && range[1]) || (!range[0] && !range[1])) onChange(range[0] ?? '', range[1] ?? '');
      }}
    />
  );
}

/**
 * A signed-in teacher's own applications by course, read once for the whole page (a teacher's
 * applications over the years are few): on each card, the one still going or else the latest.
 */
function useOwnApplications() {
  const { me } = useSession();
  const teacher = Boolean(me && !me.mustChangePassword && hasRole(me, 'teacher'));
  const query = useApplications({ basket: 'mine', limit: 200 }, teacher);
  return useMemo(() => {
    const byCourse = new Map<string, ApplicationSummary>();
    for (const a of query.data?.items ?? []) {
      const known = byCourse.get(a.course.id);
      if (!known || (!ACTIVE.includes(known.status) && ACTIVE.includes(a.status)))
        byCourse.set(a.course.id, a);
    }
    return byCourse;
  }, [query.data]);
}

function CourseCard({ item, own }: { item: CatalogItem; own: ApplicationSummary | undefined }) {
  const headingId = `course-${item.id}`;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="xs" h="100%">
        <Group gap="xs">
          <StatusBadge status={item.status} ended={item.studyEnded} />
          {item.distance ? (
            <Badge variant="outline" radius="sm" color="gray">
              {catalogText.distanceBadge}
            </Badge>
          ) : null}
        </Group>
        {own ? (
          <Group gap="xs" data-testid="own-application-state">
            <Text size="sm" fw={600}>
              {catalogText.myApplication}:
            </Text>
            <ApplicationStatusBadge status={own.status} />
          </Group>
        ) : null}
        <Title order={3} size="h4" id={headingId}>
          <Text component={Link} to={`/catalog/${item.id}`} inherit c="primary" td="none">
            {item.title}
          </Text>
        </Title>
        <Text size="sm" c="dimmed">
          {item.providerName} · {item.departmentName}
        </Text>
        <Text size="sm">
          <b>{catalogText.dates(formatDate(item.startsOn), formatDate(item.endsOn))}</b> ·{' '}
          {catalogText.hours(item.hours)} · {catalogText.forms[item.form] ?? item.form}
        </Text>
        {item.learners ? (
          <Text size="sm" data-testid="course-learners">
            {applicationsText.learnersLine(item.learners.enrolled, item.learners.completed)}
          </Text>
        ) : (
          <Text size="sm" c={item.placesLeft > 0 ? undefined : 'red'}>
            {item.placesLeft > 0
              ? catalogText.placesLeft(item.placesLeft, item.capacity)
              : catalogText.noPlaces}
          </Text>
        )}
        {item.applicationsOpen ? (
          <Text size="sm" c="dimmed">
            {catalogText.applyUntil} {formatDate(item.applyUntil)}
          </Text>
        ) : null}
        {item.annotation ? (
          <Text size="sm" lineClamp={3}>
            {item.annotation}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

export function CatalogPage() {
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const from = parseRuDate(v.from) ?? '';
  const to = parseRuDate(v.to) ?? '';
  // By default the courses taking applications, the nearest last day first (the relevance when
  // searching): what a teacher looking for a course can still apply for.
  const openOnly = v.open !== ALL_COURSES;
  const sort = v.sort || (v.q ? 'relevance' : 'applyUntil');
  const own = useOwnApplications();
  const params = {
    q: v.q,
    open: openOnly ? 'true' : '',
    sort,
    providerId: v.providerId,
    departmentId: v.departmentId,
    form: v.form,
    distance: v.distance,
    from,
    to,
    position: v.position,
    territoryId: v.territoryId,
    limit: list.limit,
    offset: list.offset,
  };
  const query = useCatalog(params);
  const phone = useMediaQuery(PHONE_QUERY) ?? false;
  const [filtersOpen, filters] = useDisclosure(false);
  const activeFilters = FILTERS.filter(
    (n) => n !== 'q' && n !== 'to' && n !== 'open' && n !== 'sort' && v[n] !== '',
  ).length;
  const sortOptions = Object.entries(catalogText.sorts)
    .filter(([value]) => value !== 'relevance' || v.q)
    .map(([value, label]) => ({ value, label }));

  return (
    <Stack py="lg" gap={0}>
      <PageHeader title={catalogText.title} lead={catalogText.lead} />
      <Stack gap="md" component="section" aria-label={catalogText.filtersTitle} mb="lg">
        <Group align="flex-end">
          <SearchField
            label={catalogText.search}
            description={catalogText.searchDescription}
            placeholder={catalogText.searchPlaceholder}
            value={v.q}
            onChange={(q) => list.update({ q })}
          />
        </Group>
        {phone ? (
          <Button
            variant="default"
            onClick={filters.toggle}
            aria-expanded={filtersOpen}
            aria-controls="catalog-filters"
          >
            {catalogText.filtersToggle(activeFilters)}
          </Button>
        ) : null}
        <Collapse expanded={!phone || filtersOpen} id="catalog-filters">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
            <ProviderSelect
              label={catalogText.provider}
              placeholder={catalogText.any}
              clearable
              value={v.providerId}
              onChange={(providerId) => list.update({ providerId, departmentId: null })}
            />
            <DepartmentFilter
              providerId={v.providerId}
              value={v.departmentId}
              onChange={(departmentId) => list.update({ departmentId })}
            />
            <Select
              label={catalogText.form}
              placeholder={catalogText.any}
              clearable
              data={Object.entries(catalogText.forms).map(([value, label]) => ({ value, label }))}
              value={v.form || null}
              onChange={(form) => list.update({ form })}
            />
            <Select
              label={catalogText.distance}
              placeholder={catalogText.any}
              clearable
              data={Object.entries(catalogText.distanceOptions).map(([value, label]) => ({ value, label }))}
              value={v.distance || null}
              onChange={(distance) => list.update({ distance })}
            />
            <PeriodFilter from={from} to={to} onChange={(f, t) => list.update({ from: f, to: t })} />
            <PositionSelect
              label={catalogText.position}
              placeholder={catalogText.any}
              clearable
              value={v.position}
              onChange={(position) => list.update({ position })}
            />
            <TerritorySelect
              label={catalogText.territory}
              placeholder={catalogText.any}
              clearable
              value={v.territoryId}
              onChange={(territoryId) => list.update({ territoryId })}
            />
            <Group align="flex-end">
              <Button variant="subtle" onClick={list.reset} disabled={!list.active}>
                {catalogText.reset}
              </Button>
            </Group>
          </SimpleGrid>
        </Collapse>
      </Stack>
      <Group justify="space-between" align="flex-end" mb="sm" gap="sm">
        <Group gap="sm" align="center">
          <Title order={2} size="h3">
            {catalogText.results}
          </Title>
          {openOnly ? (
            <Badge
              size="lg"
              radius="sm"
              variant="light"
              data-testid="open-only"
              rightSection={
                <CloseButton
                  size="sm"
                  aria-label={catalogText.openOnlyRemove}
                  onClick={() => list.update({ open: ALL_COURSES })}
                />
              }
            >
              {catalogText.openOnly}
            </Badge>
          ) : (
            <Button variant="light" size="xs" onClick={() => list.update({ open: null })}>
              {catalogText.openOnlyAdd}
            </Button>
          )}
        </Group>
        <Select
          label={catalogText.sort}
          data={sortOptions}
          value={sort}
          allowDeselect={false}
          onChange={(value) => list.update({ sort: value })}
          w={{ base: '100%', xs: 280 }}
        />
      </Group>
      <ListState query={query} filtered={list.active}>
        {(items) => (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {items.map((item) => (
              <CourseCard key={item.id} item={item} own={own.get(item.id)} />
            ))}
          </SimpleGrid>
        )}
      </ListState>
      {query.data ? (
        <ListFooter
          total={query.data.total}
          page={list.page}
          limit={list.limit}
          onPage={(p) => list.update({ page: String(p) })}
        />
      ) : null}
    </Stack>
  );
}
