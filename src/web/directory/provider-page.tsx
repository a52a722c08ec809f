// One provider: its card (licence, address) for the operator or the provider's administrator,
// and its departments with adding and renaming.
import {
  Anchor,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Department, Provider } from '../../contract/directory';
import { api, keys } from '../api';
import { hasRole, useMe } from '../auth/session';
import { providersText } from '../i18n/providers';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, showError, showSuccess } from '../ui/forms';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { SaveOrReadOnly } from '../ui/save-bar';
import { NameModal } from './name-modal';
import { emptyProvider, ProviderFields, type ProviderValues, validateProvider } from './provider-fields';
import { useProvider, useProviderDepartments } from './queries';

const toValues = (p: Provider): ProviderValues => ({
  name: p.name,
  shortName: p.shortName ?? '',
  licenseNumber: p.licenseNumber,
  licenseDate: p.licenseDate,
  address: p.address ?? '',
  numberTemplate: p.numberTemplate,
  blankSeries: p.blankSeries ?? '',
  inn: p.inn ?? '',
  ogrn: p.ogrn ?? '',
  city: p.city ?? '',
  signatories: p.signatories,
});

function ProviderCard({ provider }: { provider: Provider }) {
  const queryClient = useQueryClient();
  const form = useForm<ProviderValues>({ initialValues: emptyProvider, validate: validateProvider });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the card when it arrives or changes
  useEffect(() => {
    form.setValues(toValues(provider));
    form.resetDirty(toValues(provider));
  }, [provider]);
  const mutation = useMutation({
    mutationFn: (body: ProviderValues) => api.patch<Provider>(`/providers/${provider.id}`, body),
    onSuccess: async (saved) => {
      showSuccess(providersText.updated);
      queryClient.setQueryData(keys.providers.one(provider.id), saved);
      await queryClient.invalidateQueries({ queryKey: keys.providers.all });
    },
    onError: (error) => showError(error, form),
  });
  const canEdit = provider.abilities.update;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="provider-card-title">
      <Title order={2} size="h4" mb="md" id="provider-card-title">
        {providersText.cardTitle}
      </Title>
      <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v), focusFirstInvalid)}>
        <Stack>
          <ProviderFields form={form} readOnly={!canEdit} documents />
          <SaveOrReadOnly
            canEdit={canEdit}
            saving={mutation.isPending}
            dirty={form.isDirty()}
            readOnlyNote={providersText.cardReadOnly}
          />
        </Stack>
      </form>
    </Card>
  );
}

function Departments({ provider }: { provider: Provider }) {
  const queryClient = useQueryClient();
  const query = useProviderDepartments(provider.id);
  const [modal, setModal] = useState<{ department: Department | null } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.departments.all });
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="departments-title">
      <Group justify="space-between" mb="xs" align="flex-start">
        <div>
          <Title order={2} size="h4" id="departments-title">
            {providersText.departmentsTitle}
          </Title>
          <Text size="sm" c="dimmed">
            {providersText.departmentsLead}
          </Text>
        </div>
        {provider.abilities.createDepartment ? (
          <Button size="sm" onClick={() => setModal({ department: null })}>
            {providersText.addDepartment}
          </Button>
        ) : null}
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed" py="md">
          {providersText.noDepartments}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{providersText.departmentName}</Table.Th>
              <Table.Th w={1}>
                <VisuallyHidden>{ru.common.actionsColumn}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.name}</Table.Td>
                <Table.Td>
                  {d.abilities.update ? (
                    <Button size="xs" variant="light" onClick={() => setModal({ department: d })}>
                      {ru.actions.rename}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NameModal
        opened={modal !== null}
        onClose={() => setModal(null)}
        title={modal?.department ? providersText.departmentEditTitle : providersText.departmentCreateTitle}
        initialName={modal?.department?.name ?? ''}
        initialCode={modal?.department?.code ?? null}
        submitLabel={modal?.department ? ru.actions.save : ru.actions.create}
        savedMessage={modal?.department ? providersText.departmentUpdated : providersText.departmentCreated}
        save={(body) =>
          modal?.department
            ? api.patch<Department>(`/departments/${modal.department.id}`, body)
            : api.post<Department>(`/providers/${provider.id}/departments`, body)
        }
        onSaved={refresh}
      />
    </Card>
  );
}

export function ProviderPage() {
  const { providerId = '' } = useParams();
  const me = useMe();
  const query = useProvider(providerId);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const provider = query.data;
  return (
    <>
      <PageHeader
        title={provider.shortName || provider.name}
        lead={provider.shortName ? provider.name : undefined}
      />
      {hasRole(me, 'operator') ? (
        <Anchor component={Link} to="/providers" size="sm" mb="md" display="inline-block">
          {providersText.backToList}
        </Anchor>
      ) : null}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <ProviderCard provider={provider} />
        <Departments provider={provider} />
      </SimpleGrid>
    </>
  );
}
