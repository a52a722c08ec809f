// Educational organizations for the operator: filter by territory, search, page through (all kept
// in the URL), add and edit.
import {
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type Organization, organizationCreate } from '../../contract/directory';
import { api, keys } from '../api';
import { authText } from '../i18n/auth';
import { organizationsText } from '../i18n/organizations';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, optional, showError, showSuccess, zodResolver } from '../ui/forms';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { AppModal } from '../ui/modal';
import { PageHeader } from '../ui/page';
import { useOrganizations } from './queries';
import { TerritorySelect } from './selects';

type Values = { name: string; shortName: string; territoryId: string; inn: string };

const validateBody = zodResolver(organizationCreate);

function OrganizationModal({
  organization,
  opened,
  onClose,
  defaultTerritoryId,
}: {
  organization: Organization | null;
  opened: boolean;
  onClose: () => void;
  defaultTerritoryId: string;
}) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: '', shortName: '', territoryId: '', inn: '' },
    validate: (values) => {
      const errors = validateBody(values);
      if (!values.territoryId) errors.territoryId = authText.territoryRequired;
      return errors;
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened)
      form.setValues({
        name: organization?.name ?? '',
        shortName: organization?.shortName ?? '',
        territoryId: organization?.territoryId ?? defaultTerritoryId,
        inn: organization?.inn ?? '',
      });
  }, [opened, organization]);
  const mutation = useMutation({
    mutationFn: (body: Values) =>
      organization
        ? api.patch<Organization>(`/organizations/${organization.id}`, body)
        : api.post<Organization>('/organizations', body),
    onSuccess: async () => {
      showSuccess(organization ? organizationsText.updated : organizationsText.created);
      await queryClient.invalidateQueries({ queryKey: keys.organizations.all });
      onClose();
    },
    onError: (error) => showError(error, form),
  });
  return (
    <AppModal
      opened={opened}
      onClose={onClose}
      title={organization ? organizationsText.editTitle : organizationsText.createTitle}
    >
      <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v), focusFirstInvalid)}>
        <Stack>
          <TextInput label={organizationsText.name} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={organizationsText.shortName} {...optional} {...form.getInputProps('shortName')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TerritorySelect
              label={organizationsText.territory}
              required
              {...form.getInputProps('territoryId')}
            />
            <TextInput
              label={organizationsText.inn}
              description={organizationsText.innDescription}
              inputWrapperOrder={optional.inputWrapperOrder}
              inputMode="numeric"
              maxLength={12}
              {...form.getInputProps('inn')}
            />
          </SimpleGrid>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {organization ? ru.actions.save : ru.actions.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

export function OrganizationsPage() {
  const list = useUrlFilters(['territoryId', 'q'] as const);
  const query = useOrganizations({
    territoryId: list.values.territoryId,
    q: list.values.q,
    limit: list.limit,
    offset: list.offset,
  });
  const [editing, setEditing] = useState<Organization | null>(null);
  const [opened, setOpened] = useState(false);
  const open = (o: Organization | null) => {
    setEditing(o);
    setOpened(true);
  };

  return (
    <>
      <PageHeader
        title={organizationsText.title}
        lead={organizationsText.lead}
        actions={<Button onClick={() => open(null)}>{organizationsText.add}</Button>}
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end" gap="md">
          <TerritorySelect
            label={organizationsText.territory}
            placeholder={organizationsText.allTerritories}
            clearable
            value={list.values.territoryId}
            onChange={(territoryId) => list.update({ territoryId })}
            miw={220}
            style={{ flex: '1 1 240px' }}
          />
          <SearchField
            label={ru.actions.search}
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
          {(items) => (
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{organizationsText.name}</Table.Th>
                    <Table.Th>{organizationsText.territory}</Table.Th>
                    <Table.Th>{organizationsText.inn}</Table.Th>
                    <Table.Th w={1}>
                      <VisuallyHidden>{ru.common.actionsColumn}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((o) => (
                    <Table.Tr key={o.id}>
                      <Table.Td>
                        <Text size="sm">{o.name}</Text>
                        {o.shortName ? (
                          <Text size="xs" c="dimmed">
                            {o.shortName}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{o.territoryName}</Table.Td>
                      <Table.Td>{o.inn ?? ru.common.none}</Table.Td>
                      <Table.Td>
                        {o.abilities.update ? (
                          <Button size="xs" variant="light" onClick={() => open(o)}>
                            {ru.actions.edit}
                          </Button>
                        ) : null}
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
      <OrganizationModal
        organization={editing}
        opened={opened}
        onClose={() => setOpened(false)}
        defaultTerritoryId={list.values.territoryId}
      />
    </>
  );
}
