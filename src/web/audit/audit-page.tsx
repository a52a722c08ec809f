// The audit log for the operator: who did what, when, to which record, from which address, with
// each change's before → after. Filters (period, action, person) and page live in the URL.
import { Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useState } from 'react';
import type { AuditEvent } from '../../contract/audit';
import {
  AUDIT_ACTION_LABEL,
  type AuditNames,
  auditActionLabel as actionLabel,
  auditEntityLabel as entityLabel,
  auditFieldLabel as fieldLabel,
  auditValueText as formatValue,
} from '../../contract/audit-labels';
import type { Page } from '../../contract/common';
import { api, keys, toQueryString } from '../api';
import { fetchDepartments, useProviders, useTerritories, WHOLE } from '../directory/queries';
import { auditText } from '../i18n/audit';
import { ru } from '../i18n/ru';
import { DATE_FORMAT, formatDateTime, parseRuDate } from '../ui/format';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

const hasDetails = (e: AuditEvent) =>
  (e.before !== null && e.before !== undefined) || (e.after !== null && e.after !== undefined);

function Diff({ event, names }: { event: AuditEvent; names: AuditNames }) {
  const before = asRecord(event.before);
  const after = asRecord(event.after);
  if (!before && !after) {
    if (!hasDetails(event)) return <Text size="sm">{auditText.noDiff}</Text>;
    return (
      <Text size="sm" ff="monospace">
        {formatValue(event.before, undefined, event.entityType, names)} →{' '}
        {formatValue(event.after, undefined, event.entityType, names)}
      </Text>
    );
  }
  const keysUnion = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return (
    <Table withTableBorder withColumnBorders={false} verticalSpacing={4} fz="sm" highlightOnHover={false}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{auditText.field}</Table.Th>
          <Table.Th>{auditText.before}</Table.Th>
          <Table.Th>{auditText.after}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keysUnion.map((key) => {
          const b = before ? formatValue(before[key], key, event.entityType, names) : ru.common.none;
          const a = after ? formatValue(after[key], key, event.entityType, names) : ru.common.none;
          const changed = b !== a;
          return (
            <Table.Tr key={key}>
              <Table.Td>{fieldLabel(key)}</Table.Td>
              <Table.Td c={changed ? 'red' : undefined} style={{ wordBreak: 'break-word' }}>
                {b}
              </Table.Td>
              <Table.Td
                c={changed ? 'teal.9' : undefined}
                fw={changed ? 500 : undefined}
                style={{ wordBreak: 'break-word' }}
              >
                {a}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

const actorOf = (e: AuditEvent) =>
  e.actorName ?? e.login ?? (e.action.startsWith('auth.') ? auditText.anonymous : auditText.system);

function DiffToggle({
  event,
  expanded,
  onToggle,
}: {
  event: AuditEvent;
  expanded: boolean;
  onToggle: () => void;
}) {
  if (!hasDetails(event))
    return (
      <Text size="sm" c="dimmed">
        {ru.common.none}
      </Text>
    );
  return (
    <Button
      size="xs"
      variant="subtle"
      onClick={onToggle}
      aria-expanded={expanded}
      aria-controls={`audit-diff-${event.id}`}
    >
      {expanded ? auditText.hideDiff : auditText.showDiff}
    </Button>
  );
}

/** On a phone each event is a card instead of a table row. */
function EventCard({
  event,
  expanded,
  onToggle,
  names,
}: {
  event: AuditEvent;
  expanded: boolean;
  onToggle: () => void;
  names: AuditNames;
}) {
  return (
    <Card withBorder padding="sm" radius="sm" component="article" aria-label={actionLabel(event.action)}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600} c={event.action.endsWith('failed') ? 'red' : undefined}>
            {actionLabel(event.action)}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(event.at)}
          </Text>
        </Group>
        <Text size="sm">{actorOf(event)}</Text>
        <Text size="sm" c="dimmed">
          {auditText.entityRef(entityLabel(event.entityType), event.entityId)}
          {event.ip ? ` · ${auditText.ip} ${event.ip}` : ''}
        </Text>
        {hasDetails(event) ? (
          <Group>
            <DiffToggle event={event} expanded={expanded} onToggle={onToggle} />
          </Group>
        ) : null}
        {expanded ? (
          <Table.ScrollContainer minWidth={320} id={`audit-diff-${event.id}`}>
            <Diff event={event} names={names} />
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Card>
  );
}

function PeriodFilter({
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
      label={auditText.period}
      placeholder={auditText.periodPlaceholder}
      valueFormat={DATE_FORMAT}
      locale="ru"
      clearable
      allowSingleDateInRange
      value={value}
      onChange={(next) => {
        const range: [string | null, string | null] = [next[0] ?? null, next[1] ?? null];
        setValue(range);
        // A range is applied once both ends are chosen, or when it is cleared.
        if ((range[0] && range[1]) || (!range[0] && !range[1])) onChange(range[0] ?? '', range[1] ?? '');
      }}
      miw={240}
      style={{ flex: '1 1 240px' }}
    />
  );
}

/**
 * The names of the territories, providers and departments a change refers to by number (the
 * directory is small and read whole), so that a quota reads «Территория: Кочёвский муниципальный
 * округ», not «№ 18».
 */
function useAuditNames(): AuditNames {
  const territories = useTerritories();
  const providers = useProviders();
  const departments = useQuery({
    queryKey: keys.departments.list({ limit: WHOLE }),
    queryFn: ({ signal }) => fetchDepartments({ limit: WHOLE }, signal),
  });
  return useMemo(() => {
    const byId = (items: { id: string; name: string }[] | undefined) =>
      new Map((items ?? []).map((r) => [r.id, r.name]));
    return {
      territoryId: byId(territories.data?.items),
      providerId: byId(providers.data?.items),
      departmentId: byId(departments.data?.items),
    };
  }, [territories.data, providers.data, departments.data]);
}

export function AuditPage() {
  const names = useAuditNames();
  const list = useUrlFilters(['from', 'to', 'action', 'q'] as const);
  const from = parseRuDate(list.values.from) ?? '';
  const to = parseRuDate(list.values.to) ?? '';
  const params = {
    from,
    to,
    action: list.values.action,
    q: list.values.q,
    limit: list.limit,
    offset: list.offset,
  };
  const query = useQuery({
    queryKey: keys.audit.list(params),
    queryFn: ({ signal }) => api.get<Page<AuditEvent>>('/audit', params, signal),
    placeholderData: keepPreviousData,
  });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const actionOptions = Object.entries(AUDIT_ACTION_LABEL).map(([value, label]) => ({ value, label }));
  if (list.values.action && !AUDIT_ACTION_LABEL[list.values.action])
    actionOptions.unshift({ value: list.values.action, label: list.values.action });

  return (
    <>
      <PageHeader
        title={auditText.title}
        lead={auditText.lead}
        actions={
          <Button
            component="a"
            href={`/api/v1/audit.xlsx${toQueryString({ from, to, action: list.values.action, q: list.values.q })}`}
            download
            variant="light"
          >
            {ru.actions.exportXlsx}
          </Button>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end" gap="md">
          <PeriodFilter from={from} to={to} onChange={(f, t) => list.update({ from: f, to: t })} />
          <Select
            label={auditText.action}
            placeholder={auditText.actionPlaceholder}
            data={actionOptions}
            searchable
            clearable
            value={list.values.action || null}
            onChange={(action) => list.update({ action })}
            nothingFoundMessage={ru.common.nothingFound}
            miw={240}
            style={{ flex: '1 1 240px' }}
          />
          <SearchField
            label={auditText.who}
            placeholder={auditText.whoDescription}
            value={list.values.q}
            onChange={(q) => list.update({ q }, true)}
          />
          {list.active ? (
            <Button variant="subtle" onClick={list.reset}>
              {ru.actions.resetFilters}
            </Button>
          ) : null}
        </Group>
        <ListState query={query} filtered={list.active}>
          {(items) =>
            phone ? (
              <Stack gap="sm">
                {items.map((e) => (
                  <EventCard
                    key={e.id}
                    event={e}
                    expanded={open.has(e.id)}
                    onToggle={() => toggle(e.id)}
                    names={names}
                  />
                ))}
              </Stack>
            ) : (
              <Table.ScrollContainer minWidth={860}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{auditText.at}</Table.Th>
                      <Table.Th>{auditText.actor}</Table.Th>
                      <Table.Th>{auditText.action}</Table.Th>
                      <Table.Th>{auditText.object}</Table.Th>
                      <Table.Th>{auditText.ip}</Table.Th>
                      <Table.Th>{auditText.details}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((e) => {
                      const expanded = open.has(e.id);
                      return (
                        <Fragment key={e.id}>
                          <Table.Tr>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                            <Table.Td>
                              <Stack gap={0}>
                                <Text size="sm">{actorOf(e)}</Text>
                                {e.actorName && e.login ? (
                                  <Text size="xs" c="dimmed" ff="monospace">
                                    {e.login}
                                  </Text>
                                ) : null}
                              </Stack>
                            </Table.Td>
                            <Table.Td>
                              <Text
                                size="sm"
                                c={e.action.endsWith('failed') ? 'red' : undefined}
                                title={e.action}
                              >
                                {actionLabel(e.action)}
                              </Text>
                            </Table.Td>
                            <Table.Td>{auditText.entityRef(entityLabel(e.entityType), e.entityId)}</Table.Td>
                            <Table.Td>
                              <Text size="sm" ff="monospace">
                                {e.ip ?? ru.common.none}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <DiffToggle event={e} expanded={expanded} onToggle={() => toggle(e.id)} />
                            </Table.Td>
                          </Table.Tr>
                          {expanded ? (
                            <Table.Tr id={`audit-diff-${e.id}`}>
                              <Table.Td colSpan={6} bg="var(--mantine-color-gray-0)">
                                <Diff event={e} names={names} />
                              </Table.Td>
                            </Table.Tr>
                          ) : null}
                        </Fragment>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
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
