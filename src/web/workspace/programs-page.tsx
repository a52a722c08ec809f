// Programs within the user's reach (the department's for its staff, the provider's for its
// administrator, all for the operator — the server scopes the list): search, department and page
// in the URL; the department's staff add programs here.
import { Badge, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Me } from '../../contract/auth';
import { grantsOf, hasRole, useMe } from '../auth/session';
import { DepartmentSelect } from '../directory/selects';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { focusFirstInvalid, showError, showSuccess } from '../ui/forms';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { AppModal } from '../ui/modal';
import { PageHeader } from '../ui/page';
import {
  emptyProgram,
  ProgramFields,
  type ProgramValues,
  programCreateBody,
  validateProgram,
} from './program-fields';
import { useCreateProgram, usePrograms } from './queries';
import { seesManyDepartments, staffDepartments } from './staff';

function ProgramCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const me = useMe();
  const departments = staffDepartments(me);
  const navigate = useNavigate();
  const create = useCreateProgram();
  const form = useForm<ProgramValues>({
    initialValues: { ...emptyProgram, departmentId: departments[0]?.id ?? '' },
    validate: validateProgram,
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const saved = await create.mutateAsync(programCreateBody(values));
      showSuccess(workspaceText.programCreated, workspaceText.programCreatedText);
      onClose();
      form.reset();
      await navigate(`/workspace/programs/${saved.id}`);
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  return (
    <AppModal opened={opened} onClose={onClose} title={workspaceText.programCreateTitle} size="xl">
      <form noValidate onSubmit={submit}>
        <Stack>
          {departments.length > 1 ? (
            <Select
              label={workspaceText.department}
              required
              allowDeselect={false}
              data={departments.map((d) => ({ value: d.id, label: d.name }))}
              {...form.getInputProps('departmentId')}
            />
          ) : null}
          <ProgramFields form={form} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {ru.actions.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

/** The department filter, for those who see programs of more than one department. */
function DepartmentFilter({ me, value, onChange }: { me: Me; value: string; onChange: (v: string) => void }) {
  const common = {
    label: workspaceText.department,
    placeholder: workspaceText.allDepartments,
    clearable: true,
    miw: 240,
    style: { flex: '1 1 260px' },
  };
  if (hasRole(me, 'operator', 'provider_admin')) {
    const providers = grantsOf(me, 'provider_admin');
    const providerId =
      hasRole(me, 'operator') || providers.length !== 1 ? undefined : providers[0]?.providerId;
    return <DepartmentSelect {...common} providerId={providerId} value={value} onChange={onChange} />;
  }
  const departments = staffDepartments(me);
  if (departments.length < 2) return null;
  return (
    <Select
      {...common}
      data={departments.map((d) => ({ value: d.id, label: d.name }))}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
    />
  );
}

export function ProgramsPage() {
  const me = useMe();
  const list = useUrlFilters(['q', 'departmentId'] as const);
  const query = usePrograms({
    q: list.values.q,
    departmentId: list.values.departmentId,
    limit: list.limit,
    offset: list.offset,
  });
  const [creating, setCreating] = useState(false);
  const canCreate = staffDepartments(me).length > 0;
  const manyDepartments = seesManyDepartments(me);

  return (
    <>
      <PageHeader
        title={workspaceText.programsTitle}
        lead={workspaceText.programsLead}
        actions={
          canCreate ? <Button onClick={() => setCreating(true)}>{workspaceText.addProgram}</Button> : null
        }
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end" gap="md">
          <SearchField
            label={ru.actions.search}
            placeholder={workspaceText.programSearchPlaceholder}
            value={list.values.q}
            onChange={(q) => list.update({ q }, true)}
          />
          <DepartmentFilter
            me={me}
            value={list.values.departmentId}
            onChange={(departmentId) => list.update({ departmentId })}
          />
          {list.active ? (
            <Button variant="subtle" onClick={list.reset}>
              {ru.actions.resetFilters}
            </Button>
          ) : null}
        </Group>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Table.ScrollContainer minWidth={760}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{workspaceText.colTitle}</Table.Th>
                    {manyDepartments ? <Table.Th>{workspaceText.department}</Table.Th> : null}
                    <Table.Th>{workspaceText.colKind}</Table.Th>
                    <Table.Th>{catalogText.formLabel}</Table.Th>
                    <Table.Th ta="right">{workspaceText.colHours}</Table.Th>
                    <Table.Th ta="right">{workspaceText.colCourses}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Text
                          component={Link}
                          to={`/workspace/programs/${p.id}`}
                          size="sm"
                          fw={500}
                          c="primary"
                        >
                          {p.title}
                        </Text>
                      </Table.Td>
                      {manyDepartments ? (
                        <Table.Td>
                          <Text size="sm">{p.departmentName}</Text>
                          <Text size="xs" c="dimmed">
                            {p.providerName}
                          </Text>
                        </Table.Td>
                      ) : null}
                      <Table.Td>{catalogText.kinds[p.kind] ?? p.kind}</Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          <span>{catalogText.forms[p.form] ?? p.form}</span>
                          {p.distance ? (
                            <Badge variant="outline" color="gray" radius="sm">
                              {workspaceText.distanceShort}
                            </Badge>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{p.hours}</Table.Td>
                      <Table.Td ta="right">{p.coursesCount}</Table.Td>
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
      {canCreate ? <ProgramCreateModal opened={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
