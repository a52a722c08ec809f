// Territories (municipalities) for the operator: search, add, rename or change the kind.
import { Button, Card, Group, Select, Stack, Table, TextInput, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { TERRITORY_KINDS, type Territory, territoryCreate } from '../../contract/directory';
import { api, keys } from '../api';
import { ru } from '../i18n/ru';
import { territoriesText } from '../i18n/territories';
import { territoryKindsText } from '../i18n/territory-kinds';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { AppModal } from '../ui/modal';
import { PageHeader } from '../ui/page';
import { useTerritories } from './queries';

const kindOptions = TERRITORY_KINDS.map((k) => ({ value: k, label: territoryKindsText[k] ?? k }));

type Values = { name: string; kind: string };

function TerritoryModal({
  territory,
  opened,
  onClose,
}: {
  territory: Territory | null;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: '', kind: 'municipal_okrug' },
    validate: zodResolver(territoryCreate),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened) form.setValues({ name: territory?.name ?? '', kind: territory?.kind ?? 'municipal_okrug' });
  }, [opened, territory]);
  const mutation = useMutation({
    mutationFn: (body: Values) =>
      territory
        ? api.patch<Territory>(`/territories/${territory.id}`, body)
        : api.post<Territory>('/territories', body),
    onSuccess: async () => {
      showSuccess(territory ? territoriesText.updated : territoriesText.created);
      await queryClient.invalidateQueries({ queryKey: keys.territories.all });
      onClose();
    },
    onError: (error) => showError(error, form),
  });
  return (
    <AppModal
      opened={opened}
      onClose={onClose}
      title={territory ? territoriesText.editTitle : territoriesText.createTitle}
      size="md"
    >
      <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v), focusFirstInvalid)}>
        <Stack>
          <TextInput label={territoriesText.name} required data-autofocus {...form.getInputProps('name')} />
          <Select
            label={territoriesText.kind}
            data={kindOptions}
            allowDeselect={false}
            required
            {...form.getInputProps('kind')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {territory ? ru.actions.save : ru.actions.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

export function TerritoriesPage() {
  const list = useUrlFilters(['q'] as const);
  const query = useTerritories({ q: list.values.q, limit: list.limit, offset: list.offset });
  const [editing, setEditing] = useState<Territory | null>(null);
  const [opened, setOpened] = useState(false);
  const open = (t: Territory | null) => {
    setEditing(t);
    setOpened(true);
  };

  return (
    <>
      <PageHeader
        title={territoriesText.title}
        lead={territoriesText.lead}
        actions={<Button onClick={() => open(null)}>{territoriesText.add}</Button>}
      />
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end">
          <SearchField
            label={ru.actions.search}
            value={list.values.q}
            onChange={(q) => list.update({ q }, true)}
          />
        </Group>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{territoriesText.name}</Table.Th>
                    <Table.Th>{territoriesText.kind}</Table.Th>
                    <Table.Th w={1}>
                      <VisuallyHidden>{ru.common.actionsColumn}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>{t.name}</Table.Td>
                      <Table.Td>{territoryKindsText[t.kind] ?? t.kind}</Table.Td>
                      <Table.Td>
                        {t.abilities.update ? (
                          <Button size="xs" variant="light" onClick={() => open(t)}>
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
      <TerritoryModal territory={editing} opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}
