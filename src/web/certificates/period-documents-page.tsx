// «Документы организации»: a provider's documents for a period, for its administrator and its
// departments' staff (each sees the departments she keeps). The period's counts and the FRDO rows
// the registry would reject come first; each file (the register, the FRDO upload, every document
// in one PDF) is prepared by a job followed here with its progress, then downloaded. The
// administrator also keeps the registry's current template, which the FRDO file then fills.
import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { PERIOD_FILES, type PeriodFile } from '../../contract/certificates';
import { ApiError } from '../api';
import { useMe } from '../auth/session';
import { periodDocumentsText } from '../i18n/period-documents';
import { JobProgress } from '../jobs/job-progress';
import { formatDateTime } from '../ui/format';
import { LoadError, PageHeader } from '../ui/page';
import { DateField } from '../workspace/course-fields';
import { useFrdoTemplate, usePeriodSummary, useStartPeriodJob } from './queries';

const text = periodDocumentsText;

/** From the first of this year to today, by the Bank's clock (`me.today`). */
const yearToDate = (today: string) => ({ from: `${today.slice(0, 4)}-01-01`, to: today });

export function PeriodDocumentsPage() {
  const { providerId = '' } = useParams();
  const me = useMe();
  const [period, setPeriod] = useState(() => yearToDate(me.today));
  const [jobs, setJobs] = useState<Partial<Record<PeriodFile, string>>>({});
  const summary = usePeriodSummary(providerId, period.from, period.to);
  const start = useStartPeriodJob(providerId);
  const inverted = Boolean(period.from && period.to && period.from > period.to);
  const isAdmin = me.roles.some((r) => r.role === 'provider_admin' && r.providerId === providerId);
  const problems = summary.data?.frdo.problems ?? [];

  const startJob = (file: PeriodFile) =>
    start.mutate(
      { file, from: period.from, to: period.to },
      { onSuccess: (job) => setJobs((j) => ({ ...j, [file]: job.id })) },
    );

  return (
    <>
      <PageHeader title={text.title} lead={text.lead} />
      <Stack gap="lg">
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="period-title">
          <Title order={2} size="h4" id="period-title" mb="sm">
            {text.periodTitle}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} maw={520}>
            <DateField
              label={text.from}
              value={period.from}
              onChange={(from) => setPeriod((p) => ({ ...p, from }))}
            />
            <DateField
              label={text.to}
              value={period.to}
              onChange={(to) => setPeriod((p) => ({ ...p, to }))}
              error={inverted ? text.inverted : undefined}
            />
          </SimpleGrid>
          {summary.isError ? <LoadError error={summary.error} onRetry={() => summary.refetch()} /> : null}
          {summary.data ? (
            <List mt="md" spacing={4} data-testid="period-counts">
              <List.Item>{text.counts.documents(summary.data.documents)}</List.Item>
              <List.Item>{text.counts.valid(summary.data.valid)}</List.Item>
              <List.Item>{text.counts.frdo(summary.data.frdo.rows, problems.length)}</List.Item>
            </List>
          ) : null}
        </Card>

        {problems.length > 0 ? (
          <Alert color="orange" title={text.problemsTitle(problems.length)}>
            <Text size="sm" mb="xs">
              {text.problemsLead}
            </Text>
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{text.problemColumns.number}</Table.Th>
                    <Table.Th>{text.problemColumns.holder}</Table.Th>
                    <Table.Th>{text.problemColumns.columns}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {problems.map((p) => (
                    <Table.Tr key={p.certificateId}>
                      <Table.Td>{p.registrationNumber}</Table.Td>
                      <Table.Td>{p.holder}</Table.Td>
                      <Table.Td>{p.columns.join('; ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Alert>
        ) : null}

        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="period-files-title">
          <Title order={2} size="h4" id="period-files-title">
            {text.filesTitle}
          </Title>
          <Text size="sm" c="dimmed" mb="sm" maw={720}>
            {text.filesLead}
          </Text>
          {start.error ? (
            <Alert color="red" role="alert" mb="sm" title={text.startFailed}>
              {start.error instanceof ApiError ? start.error.problem.detail : null}
            </Alert>
          ) : null}
          <Stack gap="md">
            {PERIOD_FILES.map((file) => {
              const jobId = jobs[file];
              return (
                <Stack key={file} gap="xs">
                  <Group gap="sm" wrap="wrap">
                    <Button
                      variant="default"
                      onClick={() => startJob(file)}
                      loading={start.isPending && start.variables?.file === file}
                      disabled={
                        inverted ||
                        !period.from ||
                        !period.to ||
                        (file === 'frdo.xlsx' && problems.length > 0)
                      }
                    >
                      {text.files[file]}
                    </Button>
                  </Group>
                  {jobId ? <JobProgress jobId={jobId} /> : null}
                </Stack>
              );
            })}
          </Stack>
        </Card>

        {isAdmin ? <TemplateCard providerId={providerId} template={summary.data?.template ?? null} /> : null}
      </Stack>
    </>
  );
}

function TemplateCard({
  providerId,
  template,
}: {
  providerId: string;
  template: { name: string; uploadedAt: string } | null;
}) {
  const { upload, remove } = useFrdoTemplate(providerId);
  const [file, setFile] = useState<File | null>(null);
  const error = upload.error ?? remove.error;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="frdo-template-title">
      <Title order={2} size="h4" id="frdo-template-title">
        {text.template.title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={720}>
        {text.template.lead}
      </Text>
      <Text size="sm" mb="sm">
        {template
          ? text.template.current(template.name, formatDateTime(template.uploadedAt))
          : text.template.none}
      </Text>
      {error ? (
        <Alert color="red" role="alert" mb="sm" title={text.template.failed}>
          {error instanceof ApiError ? error.problem.detail : null}
        </Alert>
      ) : null}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <FileInput
          label={text.template.file}
          accept=".xlsx"
          value={file}
          onChange={setFile}
          clearable
          w={{ base: '100%', sm: 320 }}
        />
        <Button
          disabled={!file}
          loading={upload.isPending}
          onClick={() => file && upload.mutate(file, { onSuccess: () => setFile(null) })}
        >
          {text.template.upload}
        </Button>
        {template ? (
          <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            {text.template.remove}
          </Button>
        ) : null}
      </Group>
    </Card>
  );
}
