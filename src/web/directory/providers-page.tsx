// Providers for the operator: the list (each opens its card and departments) and registration of
// a new provider with its licence.
import { Anchor, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Provider } from '../../contract/directory';
import { api, keys } from '../api';
import { providersText } from '../i18n/providers';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess } from '../ui/forms';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { AppModal } from '../ui/modal';
import { PageHeader } from '../ui/page';
import { emptyProvider, ProviderFields, type ProviderValues, validateProvider } from './provider-fields';
import { useProviders } from './queries';

function CreateProviderModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<ProviderValues>({ initialValues: emptyProvider, validate: validateProvider });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened) form.setValues(emptyProvider);
  }, [opened]);
  const mutation = useMutation({
    mutationFn: (body: ProviderValues) => api.post<Provider>('/providers', body),
    onSuccess: async (provider) => {
      showSuccess(providersText.created);
      await queryClient.invalidateQueries({ queryKey: keys.providers.all });
      onClose();
      await navigate(`/providers/${provider.id}`);
    },
    onError: (error) => showError(error, form),
  });
  return (
    <AppModal opened={opened} onClose={onClose} title={providersText.createTitle}>
      <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v), focusFirstInvalid)}>
        <Stack>
          <ProviderFields form={form} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {ru.actions.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

export function ProvidersPage() {
  const list = useUrlFilters(['q'] as const);
  const query = useProviders({ q: list.values.q, limit: list.limit, offset: list.offset });
  const [opened, setOpened] = useState(false);
  return (
    <>
      <PageHeader
        title={providersText.title}
        lead={providersText.lead}
        actions={<Button onClick={() => setOpened(true)}>{providersText.add}</Button>}
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
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{providersText.name}</Table.Th>
                    <Table.Th>{providersText.license}</Table.Th>
                    <Table.Th>{providersText.address}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/providers/${p.id}`} size="sm" fw={500}>
                          {p.name}
                        </Anchor>
                        {p.shortName ? (
                          <Text size="xs" c="dimmed">
                            {p.shortName}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {providersText.licenseText(p.licenseNumber, formatDate(p.licenseDate))}
                      </Table.Td>
                      <Table.Td>{p.address ?? ru.common.none}</Table.Td>
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
      <CreateProviderModal opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}
