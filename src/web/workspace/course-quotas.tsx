// A course's places: capacity and places left, the territory quotas (territory, places, places left
// of each) with the date the quotas release, and a warning while their sum exceeds the capacity.
// The server's refusal (its Russian detail) stays on screen next to the quotas.
import {
  Alert,
  Button,
  Card,
  CloseButton,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { useState } from 'react';
import { type Course, quotasInput } from '../../contract/catalog';
import { ApiError } from '../api';
import { TerritorySelect } from '../directory/selects';
import { applicationsText } from '../i18n/applications';
import { authText } from '../i18n/auth';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { WideTable } from '../ui/wide-table';
import { DateField } from './course-fields';
import { useCourseMutations } from './queries';
import { useSync } from './sync';

type Row = { key: string; territoryId: string; places: number | string };
type Values = { quotas: Row[]; quotaReleaseOn: string };

const check = zodResolver(quotasInput);

const toBody = (rows: Row[]) =>
  rows.map((r) => ({
    territoryId: r.territoryId,
    places: typeof r.places === 'number' ? r.places : Number.NaN,
  }));

function validate(values: Values) {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(check(toBody(values.quotas))))
    errors[`quotas.${field}`] = message;
  values.quotas.forEach((r, i) => {
    if (!r.territoryId) errors[`quotas.${i}.territoryId`] = authText.territoryRequired;
  });
  return errors;
}

const sumOf = (rows: Row[]) => rows.reduce((s, r) => s + (typeof r.places === 'number' ? r.places : 0), 0);

function Fact({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}

/** `readOnlyNote`: why the quotas cannot be changed, when they cannot. */
export function QuotasCard({ course, readOnlyNote }: { course: Course; readOnlyNote: string }) {
  const { update, quotas } = useCourseMutations(course.id);
  // The server's refusal, shown while the quotas are as they were when it came.
  const [refusal, setRefusal] = useState<{ message: string; values: string } | null>(null);
  const form = useForm<Values>({ initialValues: { quotas: [], quotaReleaseOn: '' }, validate });
  useSync([course.quotas.map((q) => [q.territoryId, q.places]), course.quotaReleaseOn], () => {
    const values = {
      quotas: course.quotas.map((q) => ({ key: randomId(), territoryId: q.territoryId, places: q.places })),
      quotaReleaseOn: course.quotaReleaseOn ?? '',
    };
    form.setValues(values);
    form.resetDirty(values);
  });
  const canEdit = course.abilities.editQuotas;
  const rows = form.values.quotas;
  const sum = sumOf(rows);
  const refused = refusal?.values === JSON.stringify(form.values) ? refusal.message : null;
  const leftOf = (territoryId: string) =>
    course.quotas.find((q) => q.territoryId === territoryId)?.placesLeft;

  const submit = form.onSubmit(async (values) => {
    setRefusal(null);
    const fieldMap = Object.fromEntries(
      values.quotas.flatMap((_, i) => [
        [`${i}.territoryId`, `quotas.${i}.territoryId`],
        [`${i}.places`, `quotas.${i}.places`],
      ]),
    );
    try {
      if (values.quotaReleaseOn !== (course.quotaReleaseOn ?? ''))
        await update.mutateAsync({ quotaReleaseOn: values.quotaReleaseOn || null });
      await quotas.mutateAsync(toBody(values.quotas));
      showSuccess(workspaceText.quotasSaved);
    } catch (error) {
      if (error instanceof ApiError)
        setRefusal({ message: error.problem.detail ?? error.problem.title, values: JSON.stringify(values) });
      showError(error, form, fieldMap);
    }
  }, focusFirstInvalid);

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-quotas">
      <Title order={2} size="h4" id="course-quotas">
        {workspaceText.quotas}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {workspaceText.quotasLead}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 3 }} mb="md">
        <Fact label={catalogText.capacity} value={course.capacity} />
        {course.learners ? (
          <>
            <Fact label={applicationsText.learnersEnrolled} value={course.learners.enrolled} />
            <Fact label={applicationsText.learnersCompleted} value={course.learners.completed} />
          </>
        ) : (
          <>
            <Fact label={catalogText.placesLeftTotal} value={course.placesLeft} />
            <Fact label={catalogText.commonPlacesLeft} value={course.commonPlacesLeft} />
          </>
        )}
      </SimpleGrid>
      <form noValidate onSubmit={submit}>
        <Stack gap="sm">
          {rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {workspaceText.quotasEmpty}
            </Text>
          ) : (
            <WideTable minWidth={520} label={catalogText.quotasCaption}>
              <Table verticalSpacing="xs" highlightOnHover={false}>
                <Table.Caption>{catalogText.quotasCaption}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{catalogText.quotaTerritory}</Table.Th>
                    <Table.Th w={140}>{workspaceText.quotaPlaces}</Table.Th>
                    <Table.Th w={110}>{catalogText.quotaLeft}</Table.Th>
                    {canEdit ? <Table.Th w={1} /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row, i) => (
                    <Table.Tr key={row.key} style={{ verticalAlign: 'top' }}>
                      {canEdit ? (
                        <>
                          <Table.Td>
                            <TerritorySelect
                              aria-label={workspaceText.quotaRowField(catalogText.quotaTerritory, i + 1)}
                              {...form.getInputProps(`quotas.${i}.territoryId`)}
                            />
                          </Table.Td>
                          <Table.Td>
                            <NumberInput
                              aria-label={workspaceText.quotaRowField(workspaceText.quotaPlaces, i + 1)}
                              min={1}
                              max={10_000}
                              allowDecimal={false}
                              allowNegative={false}
                              {...form.getInputProps(`quotas.${i}.places`)}
                            />
                          </Table.Td>
                        </>
                      ) : (
                        <>
                          <Table.Td>{course.quotas[i]?.territoryName}</Table.Td>
                          <Table.Td>{row.places}</Table.Td>
                        </>
                      )}
                      <Table.Td>
                        <Text size="sm" mt={canEdit ? 6 : 0}>
                          {leftOf(row.territoryId) ?? ru.common.none}
                        </Text>
                      </Table.Td>
                      {canEdit ? (
                        <Table.Td>
                          <CloseButton
                            mt={4}
                            aria-label={workspaceText.removeQuota(i + 1)}
                            onClick={() => form.removeListItem('quotas', i)}
                          />
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </WideTable>
          )}
          {rows.length > 0 ? (
            <Text size="sm" aria-live="polite">
              {workspaceText.quotaSum(sum, course.capacity)}
            </Text>
          ) : null}
          {refused ? (
            <Alert color="red" variant="light" p="xs">
              <Text size="sm">{refused}</Text>
            </Alert>
          ) : sum > course.capacity ? (
            <Alert color="orange" variant="light" p="xs">
              <Text size="sm">{workspaceText.quotasOver(sum, course.capacity)}</Text>
            </Alert>
          ) : null}
          {canEdit ? (
            <DateField
              label={workspaceText.quotaRelease}
              description={workspaceText.quotaReleaseDescription}
              clearable
              maw={320}
              defaultDate={course.startsOn}
              {...form.getInputProps('quotaReleaseOn')}
            />
          ) : course.quotaReleaseOn ? (
            <Text size="sm" c="dimmed">
              {catalogText.quotaRelease(formatDate(course.quotaReleaseOn))}
            </Text>
          ) : null}
          {canEdit ? (
            <Group justify="space-between">
              <Button
                variant="light"
                onClick={() => form.insertListItem('quotas', { key: randomId(), territoryId: '', places: 1 })}
              >
                {workspaceText.addQuota}
              </Button>
              <Button type="submit" loading={update.isPending || quotas.isPending} disabled={!form.isDirty()}>
                {workspaceText.saveQuotas}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {readOnlyNote}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
