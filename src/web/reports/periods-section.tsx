// The operator's «Отчётные периоды»: the list with each period's state, a form to add one (a
// calendar kind fills in its end), closing with a confirmation and reopening with a reason.
import {
  Anchor,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import {
  calendarEnd,
  PERIOD_KIND_LABEL,
  PERIOD_KINDS,
  type PeriodKind,
  periodInput,
  type ReportingPeriod,
} from '../../contract/reports';
import { reportsText } from '../i18n/reports';
import { ru } from '../i18n/ru';
import { formatDate, formatDateTime } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageLoader } from '../ui/page';
import { DateField } from '../workspace/course-fields';
import { usePeriodMutations } from './queries';

const text = reportsText.periods;
const kinds = PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABEL[k] }));
const check = zodResolver(periodInput);

type Values = { name: string; kind: PeriodKind; startsOn: string; endsOn: string };

function CreatePeriodForm() {
  const { create } = usePeriodMutations();
  const form = useForm<Values>({
    initialValues: { name: '', kind: 'quarter', startsOn: '', endsOn: '' },
    validate: (values) => {
      const errors = check(values);
      for (const f of ['startsOn', 'endsOn'] as const) if (!values[f]) errors[f] = 'Укажите дату';
      return errors;
    },
  });
  // A calendar period's end follows from its start.
  const fillEnd = (kind: PeriodKind, startsOn: string) => {
    const end = startsOn ? calendarEnd(kind, startsOn) : null;
    if (end) form.setFieldValue('endsOn', end);
  };
  const submit = form.onSubmit(async (values) => {
    try {
      await create.mutateAsync(values);
      showSuccess(text.created);
      form.reset();
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  return (
    <form noValidate onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
        <TextInput label={text.name} required placeholder="I квартал 2026" {...form.getInputProps('name')} />
        <Select
          label={text.kind}
          data={kinds}
          allowDeselect={false}
          {...form.getInputProps('kind')}
          onChange={(kind) => {
            form.setFieldValue('kind', kind as PeriodKind);
            fillEnd(kind as PeriodKind, form.values.startsOn);
          }}
        />
        <DateField
          label={text.startsOn}
          required
          {...form.getInputProps('startsOn')}
          onChange={(d) => {
            form.setFieldValue('startsOn', d);
            fillEnd(form.values.kind, d);
          }}
        />
        <DateField label={text.endsOn} required {...form.getInputProps('endsOn')} />
      </SimpleGrid>
      <Group justify="flex-end" mt="md">
        <Button type="submit" loading={create.isPending}>
          {text.create}
        </Button>
      </Group>
    </form>
  );
}

function ChangeModal({ period, onClose }: { period: ReportingPeriod | null; onClose: () => void }) {
  const { close, reopen } = usePeriodMutations();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!period) return null;
  const closing = !period.closedAt;
  const done = async () => {
    try {
      if (closing) await close.mutateAsync(period.id);
      else {
        if (!reason.trim()) {
          setError('Укажите причину');
          return;
        }
        await reopen.mutateAsync({ id: period.id, reason: reason.trim() });
      }
      showSuccess(closing ? text.closed_ : text.reopened);
      setReason('');
      onClose();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <AppModal opened onClose={onClose} title={closing ? text.close : text.reopenTitle(period.name)}>
      <Stack>
        <Text size="sm">{closing ? text.closeConfirm(period.name) : text.reopenLead}</Text>
        {closing ? null : (
          <Textarea
            label={text.reason}
            required
            data-autofocus
            value={reason}
            error={error}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {ru.actions.cancel}
          </Button>
          <Button onClick={() => void done()} loading={close.isPending || reopen.isPending}>
            {closing ? text.close : text.reopen}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function PeriodsSection({
  query,
  onShow,
}: {
  query: UseQueryResult<{ items: ReportingPeriod[] }>;
  onShow: (id: string) => void;
}) {
  const [changing, setChanging] = useState<ReportingPeriod | null>(null);
  return (
    <Card withBorder padding="md" radius="md" mt="lg">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3">
            {text.title}
          </Title>
          <Text size="sm" c="dimmed">
            {text.lead}
          </Text>
        </div>
        {query.isPending ? <PageLoader /> : null}
        {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
        {query.data && query.data.items.length === 0 ? <Text c="dimmed">{text.empty}</Text> : null}
        {query.data && query.data.items.length > 0 ? (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs">
              <Table.Caption>{text.title}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{text.name}</Table.Th>
                  <Table.Th>{text.kind}</Table.Th>
                  <Table.Th>{text.dates}</Table.Th>
                  <Table.Th>{text.state}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        onClick={() => onShow(p.id)}
                        aria-label={reportsText.periods.show(p.name)}
                      >
                        {p.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{PERIOD_KIND_LABEL[p.kind]}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(p.startsOn)} — {formatDate(p.endsOn)}
                    </Table.Td>
                    <Table.Td>
                      {p.closedAt ? text.closed(formatDateTime(p.closedAt), p.closedBy) : text.open}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="light" onClick={() => setChanging(p)}>
                        {p.closedAt ? text.reopen : text.close}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        <Title order={3} size="h4">
          {text.create}
        </Title>
        <CreatePeriodForm />
      </Stack>
      <ChangeModal period={changing} onClose={() => setChanging(null)} />
    </Card>
  );
}
