// The CPD pages: the teacher's «Моё повышение квалификации», a teacher's history for her methodist
// and the operator (with courses before the Bank added and removed there), and the methodist's and
// the operator's «Педагоги без ПК»: filtered by territory, organization, position and state, sorted,
// paged and exported to Excel; a row opens the teacher's history.
import { Anchor, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { OVERDUE_SORT_LABEL, OVERDUE_SORTS } from '../../contract/cpd';
import { grantsOf, useMe } from '../auth/session';
import { usePositions } from '../directory/queries';
import { OrganizationSelect, TerritorySelect } from '../directory/selects';
import { cpdText } from '../i18n/cpd';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { showError, showSuccess } from '../ui/forms';
import { ListFooter, ListState, useUrlFilters } from '../ui/list';
import { AppModal } from '../ui/modal';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { HistoryTable, RuleBadge, RuleCard } from './cpd-history';
import { ExternalCpdModal } from './external-form';
import { overdueXlsxHref, useExternalMutations, useMyCpd, useOverdue, useTeacherCpd } from './queries';

const text = cpdText;

export function MyCpdPage() {
  const query = useMyCpd();
  return (
    <>
      <PageHeader
        title={text.myTitle}
        lead={text.myLead}
        actions={
          <Button component={Link} to="/catalog" variant="light">
            {text.toCatalog}
          </Button>
        }
      />
      {query.isPending ? (
        <PageLoader />
      ) : query.isError || !query.data ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="lg">
          <RuleCard history={query.data} />
          <HistoryTable history={query.data} />
        </Stack>
      )}
    </>
  );
}

function RemoveDialog({
  teacherId,
  record,
  onClose,
}: {
  teacherId: string;
  record: { id: string; title: string } | null;
  onClose: () => void;
}) {
  const { remove } = useExternalMutations(teacherId);
  const confirm = async () => {
    if (!record) return;
    try {
      await remove.mutateAsync(record.id);
      showSuccess(text.removed);
      onClose();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <AppModal opened={record !== null} onClose={onClose} title={text.removeTitle} size="md">
      <Stack>
        <Text fw={500}>{record?.title}</Text>
        <Text>{text.removeText}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {ru.actions.cancel}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={remove.isPending}>
            {text.removeConfirm}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function TeacherCpdPage() {
  const { id = '' } = useParams();
  const query = useTeacherCpd(id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<{ id: string; title: string } | null>(null);
  if (query.isPending) return <PageLoader />;
  if (query.isError || !query.data)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const h = query.data;
  return (
    <>
      <PageHeader
        title={text.teacherTitle(h.teacher.fullName)}
        lead={text.teacherLead(h.teacher.organizationName, h.teacher.position)}
        actions={
          <>
            {h.abilities.addExternal ? (
              <Button onClick={() => setAdding(true)}>{text.addButton}</Button>
            ) : null}
            <Button component={Link} to="/teachers/overdue" variant="subtle">
              {text.back}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <RuleCard history={h} />
        <HistoryTable
          history={h}
          {...(h.abilities.removeExternal
            ? { onRemove: (recordId: string, title: string) => setRemoving({ id: recordId, title }) }
            : {})}
        />
      </Stack>
      <ExternalCpdModal teacherId={id} opened={adding} onClose={() => setAdding(false)} />
      <RemoveDialog teacherId={id} record={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

const FILTERS = ['territoryId', 'organizationId', 'positionId', 'rule', 'sort'] as const;
const ruleOptions = (['overdue', 'due'] as const).map((r) => ({ value: r, label: text.rule[r] }));
const sortOptions = OVERDUE_SORTS.map((s) => ({ value: s, label: OVERDUE_SORT_LABEL[s] }));

export function OverduePage() {
  const me = useMe();
  const operator = me.roles.some((r) => r.role === 'operator');
  const territories = grantsOf(me, 'methodist').flatMap((g) =>
    g.territoryId ? [{ id: g.territoryId, name: g.territoryName ?? '' }] : [],
  );
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const positions = usePositions();
  const territoryId =
    v.territoryId || (!operator && territories.length === 1 ? (territories[0]?.id ?? '') : '');
  const filters = {
    territoryId: v.territoryId,
    organizationId: v.organizationId,
    positionId: v.positionId,
    rule: v.rule,
    sort: v.sort,
  };
  const query = useOverdue({ ...filters, limit: list.limit, offset: list.offset });
  const c = text.overdueColumns;
  return (
    <>
      <PageHeader
        title={text.overdueTitle}
        lead={text.overdueLead}
        actions={
          <Button component="a" href={overdueXlsxHref(filters)} variant="light" download>
            {ru.actions.exportXlsx}
          </Button>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Stack gap="md" mb="md">
          <Group align="flex-end" gap="md">
            {operator ? (
              <TerritorySelect
                label={text.filterTerritory}
                placeholder={ru.common.all}
                clearable
                value={v.territoryId}
                onChange={(id) => list.update({ territoryId: id, organizationId: null })}
                miw={220}
                style={{ flex: '1 1 220px' }}
              />
            ) : territories.length > 1 ? (
              <Select
                label={text.filterTerritory}
                placeholder={ru.common.all}
                data={territories.map((t) => ({ value: t.id, label: t.name }))}
                clearable
                value={v.territoryId || null}
                onChange={(id) => list.update({ territoryId: id, organizationId: null })}
                miw={220}
              />
            ) : null}
            <OrganizationSelect
              key={territoryId}
              territoryId={territoryId}
              label={text.filterOrganization}
              clearable
              value={v.organizationId}
              onChange={(organizationId) => list.update({ organizationId })}
              miw={240}
              style={{ flex: '2 1 300px' }}
            />
            <Select
              label={text.filterPosition}
              placeholder={ru.common.all}
              searchable
              clearable
              data={(positions.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={v.positionId || null}
              onChange={(positionId) => list.update({ positionId })}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
          </Group>
          <Group align="flex-end" gap="md">
            <Select
              label={text.filterRule}
              placeholder={ru.common.all}
              data={ruleOptions}
              clearable
              value={v.rule || null}
              onChange={(rule) => list.update({ rule })}
              w={200}
            />
            <Select
              label={text.sort}
              data={sortOptions}
              value={v.sort || 'dueOn'}
              onChange={(sort) => list.update({ sort: sort === 'dueOn' ? null : sort })}
              allowDeselect={false}
              w={200}
            />
            {list.active ? (
              <Button variant="subtle" onClick={list.reset}>
                {ru.actions.resetFilters}
              </Button>
            ) : null}
          </Group>
          {query.data ? (
            <Text size="sm" aria-live="polite">
              {text.counts(query.data.counts.overdue, query.data.counts.due)}
            </Text>
          ) : null}
        </Stack>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Caption>{text.overdueTitle}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{c.teacher}</Table.Th>
                    <Table.Th>{c.organization}</Table.Th>
                    <Table.Th>{c.position}</Table.Th>
                    <Table.Th>{c.lastCompleted}</Table.Th>
                    <Table.Th>{c.dueOn}</Table.Th>
                    <Table.Th>{c.rule}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((t) => (
                    <Table.Tr key={t.teacherId}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/teachers/${t.teacherId}/cpd`}
                          aria-label={text.openTeacher(t.fullName)}
                        >
                          {t.fullName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t.organizationName}</Text>
                        {operator ? (
                          <Text size="xs" c="dimmed">
                            {t.territoryName}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{t.position}</Table.Td>
                      <Table.Td>{t.lastCompletedOn ? formatDate(t.lastCompletedOn) : text.none}</Table.Td>
                      <Table.Td>{t.dueOn ? formatDate(t.dueOn) : text.none}</Table.Td>
                      <Table.Td>
                        <RuleBadge rule={t.rule} />
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
