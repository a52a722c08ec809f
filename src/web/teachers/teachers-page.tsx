// The methodist's «Педагоги» (the operator's: the region's): her territory's teachers with their
// accounts, applications and CPD state; every column sorts, filters, page and page size live in
// the URL (a link or a reload keeps them), and Excel gets the same filtered, sorted list. From here
// she registers a teacher who has no account or imports a file.
import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type AccountState, TEACHER_SORTS } from '../../contract/teachers';
import { grantsOf, useMe } from '../auth/session';
import { OrganizationSelect, PositionSelect, TerritorySelect } from '../directory/selects';
import { cpdText } from '../i18n/cpd';
import { ru } from '../i18n/ru';
import { teachersText } from '../i18n/teachers';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess } from '../ui/forms';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { AppModal } from '../ui/modal';
import { PageHeader } from '../ui/page';
import { SortableTh } from '../ui/sort';
import { teachersXlsxHref, useTeacherMutations, useTeachers } from './queries';

const text = teachersText;
const FILTERS = ['q', 'territoryId', 'organizationId', 'position', 'cpd', 'account', 'sort'] as const;

export const ACCOUNT_COLOR: Record<AccountState, string> = {
  active: 'teal',
  invited: 'blue',
  blocked: 'gray',
};

export function AccountBadge({ state }: { state: AccountState }) {
  return (
    <Badge color={ACCOUNT_COLOR[state]} variant="light">
      {text.account[state]}
    </Badge>
  );
}

type RegisterValues = {
  lastName: string;
  firstName: string;
  middleName: string;
  email: string;
  organizationId: string;
  position: string;
};

function RegisterModal({
  opened,
  onClose,
  territoryId,
}: {
  opened: boolean;
  onClose: () => void;
  territoryId: string;
}) {
  const navigate = useNavigate();
  const { register } = useTeacherMutations();
  const required = (v: string) => (v.trim() ? null : text.required);
  const form = useForm<RegisterValues>({
    initialValues: {
      lastName: '',
      firstName: '',
      middleName: '',
      email: '',
      organizationId: '',
      position: '',
    },
    validate: {
      lastName: required,
      firstName: required,
      email: required,
      organizationId: required,
      position: required,
    },
  });
  const submit = async (v: RegisterValues) => {
    try {
      const card = await register.mutateAsync({
        ...v,
        middleName: v.middleName || null,
        organizationId: Number(v.organizationId),
      });
      showSuccess(text.registered);
      form.reset();
      onClose();
      void navigate(`/teachers/${card.id}`);
    } catch (error) {
      showError(error, form);
    }
  };
  return (
    <AppModal opened={opened} onClose={onClose} title={text.registerTitle} size="lg">
      <form noValidate onSubmit={form.onSubmit((v) => void submit(v), focusFirstInvalid)}>
        <Stack>
          <Text size="sm">{text.registerLead}</Text>
          <TextInput label={text.lastName} required autoComplete="off" {...form.getInputProps('lastName')} />
          <TextInput
            label={text.firstName}
            required
            autoComplete="off"
            {...form.getInputProps('firstName')}
          />
          <TextInput label={text.middleName} autoComplete="off" {...form.getInputProps('middleName')} />
          <TextInput
            label={text.email}
            type="email"
            required
            autoComplete="off"
            {...form.getInputProps('email')}
          />
          <OrganizationSelect
            territoryId={territoryId}
            label={text.filterOrganization}
            required
            value={form.values.organizationId}
            onChange={(id) => form.setFieldValue('organizationId', id)}
            error={form.errors.organizationId}
          />
          <PositionSelect
            label={text.filterPosition}
            required
            value={form.values.position}
            onChange={(p) => form.setFieldValue('position', p)}
            error={form.errors.position}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={register.isPending}>
              {text.register}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

export function TeachersPage() {
  const me = useMe();
  const operator = me.roles.some((r) => r.role === 'operator');
  const territories = grantsOf(me, 'methodist').flatMap((g) =>
    g.territoryId ? [{ id: g.territoryId, name: g.territoryName ?? '' }] : [],
  );
  const list = useUrlFilters(FILTERS);
  const v = list.values;
  const [registering, setRegistering] = useState(false);
  const territoryId =
    v.territoryId || (!operator && territories.length === 1 ? (territories[0]?.id ?? '') : '');
  const filters = {
    q: v.q,
    territoryId: v.territoryId,
    organizationId: v.organizationId,
    position: v.position,
    cpd: v.cpd,
    account: v.account,
    sort: v.sort,
  };
  const query = useTeachers({ ...filters, limit: list.limit, offset: list.offset });
  const onSort = (sort: string) => list.update({ sort: sort === 'name' ? null : sort });
  return (
    <>
      <PageHeader
        title={text.title}
        lead={operator ? text.operatorLead : text.lead}
        actions={
          <>
            <Button onClick={() => setRegistering(true)}>{text.register}</Button>
            <Button component={Link} to="/teachers/import" variant="light">
              {text.import}
            </Button>
            <Button component="a" href={teachersXlsxHref(filters)} variant="light" download>
              {text.export}
            </Button>
          </>
        }
      />
      <Card withBorder padding="md" radius="md">
        <Stack gap="md" mb="md">
          <Group align="flex-end" gap="md">
            <SearchField label={text.search} value={v.q} onChange={(q) => list.update({ q }, true)} />
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
          </Group>
          <Group align="flex-end" gap="md">
            <PositionSelect
              label={text.filterPosition}
              placeholder={ru.common.all}
              clearable
              value={v.position}
              onChange={(position) => list.update({ position })}
              miw={200}
              style={{ flex: '1 1 200px' }}
            />
            <Select
              label={text.filterCpd}
              placeholder={ru.common.all}
              data={(['overdue', 'due', 'ok'] as const).map((r) => ({ value: r, label: cpdText.rule[r] }))}
              clearable
              value={v.cpd || null}
              onChange={(cpd) => list.update({ cpd })}
              w={200}
            />
            <Select
              label={text.filterAccount}
              placeholder={text.accountDefault}
              data={[
                ...(['active', 'invited', 'blocked'] as const).map((a) => ({
                  value: a,
                  label: text.account[a],
                })),
                { value: 'all', label: text.accountAll },
              ]}
              clearable
              value={v.account || null}
              onChange={(account) => list.update({ account })}
              w={220}
            />
            {list.active ? (
              <Button variant="subtle" onClick={list.reset}>
                {ru.actions.resetFilters}
              </Button>
            ) : null}
          </Group>
        </Stack>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Caption>{text.title}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    {TEACHER_SORTS.map((field) => (
                      <SortableTh
                        key={field}
                        field={field}
                        label={text.columns[field]}
                        sort={v.sort || 'name'}
                        onSort={onSort}
                        descFirst={field === 'applications'}
                      />
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/teachers/${t.id}`}
                          aria-label={text.openTeacher(t.fullName)}
                        >
                          {t.fullName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t.organization.name}</Text>
                        {operator ? <Text size="xs">{t.territory.name}</Text> : null}
                      </Table.Td>
                      <Table.Td>{t.position}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{t.email ?? text.noEmail}</Text>
                        {t.email ? (
                          <Text size="xs">
                            {t.emailConfirmed ? text.emailConfirmed : text.emailUnconfirmed}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <AccountBadge state={t.account} />
                      </Table.Td>
                      <Table.Td title={text.applicationsHint}>
                        {text.applicationsCount(t.applications.active, t.applications.total)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{cpdText.rule[t.cpd.rule]}</Text>
                        <Text size="xs">
                          {t.cpd.lastCompletedOn ? formatDate(t.cpd.lastCompletedOn) : text.noCpd}
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
            total={query.data.total}
            page={list.page}
            limit={list.limit}
            onPage={(page) => list.update({ page: String(page) })}
            onLimit={(size) => list.update({ size: String(size) })}
          />
        ) : null}
      </Card>
      <RegisterModal opened={registering} onClose={() => setRegistering(false)} territoryId={territoryId} />
    </>
  );
}
