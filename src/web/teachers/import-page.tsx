// «Импорт из файла»: the template, the upload checked at once (a preview of the rows with errors
// and of those already in the Bank, in pages), «Импортировать» (all or nothing, in the background)
// and its progress until it ends.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ImportRow } from '../../contract/teachers';
import { teachersText } from '../i18n/teachers';
import { showError } from '../ui/forms';
import { ListFooter } from '../ui/list';
import { PageHeader } from '../ui/page';
import { useImport, useImportMutations, useImportRows } from './queries';

const text = teachersText;
const ROW_COLOR: Record<ImportRow['status'], string> = { new: 'teal', existing: 'gray', error: 'red' };

function Rows({ id }: { id: string }) {
  const [problems, setProblems] = useState(true);
  const [page, setPage] = useState(1);
  const limit = 50;
  const rows = useImportRows(id, {
    problems: problems ? 'true' : 'false',
    limit,
    offset: (page - 1) * limit,
  });
  return (
    <Stack gap="sm">
      <Switch
        label={text.problemsOnly}
        checked={problems}
        onChange={(e) => {
          setProblems(e.currentTarget.checked);
          setPage(1);
        }}
      />
      {rows.data && rows.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{text.sheet}</Table.Th>
                <Table.Th>{text.row}</Table.Th>
                <Table.Th>{text.what}</Table.Th>
                <Table.Th>{text.status}</Table.Th>
                <Table.Th>{text.problem}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.data.items.map((r) => (
                <Table.Tr key={`${r.sheet}-${r.row}`} data-testid="import-row">
                  <Table.Td>{r.sheet}</Table.Td>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {text.kind[r.kind]}: {r.name}
                    </Text>
                    <Text size="xs">{r.detail}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={ROW_COLOR[r.status]} variant="light">
                      {text.rowStatus[r.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {r.issues.map((i) => (
                      <Text size="sm" key={`${i.column}-${i.message}`}>
                        {i.column ? `«${i.column}»: ` : ''}
                        {i.message}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {rows.data ? <ListFooter total={rows.data.total} page={page} limit={limit} onPage={setPage} /> : null}
    </Stack>
  );
}

export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [id, setId] = useState('');
  const { upload, apply } = useImportMutations();
  const summary = useImport(id);
  const s = summary.data;
  const check = async () => {
    if (!file) return;
    try {
      setId((await upload.mutateAsync(file)).id);
    } catch (error) {
      showError(error);
    }
  };
  const run = async () => {
    try {
      await apply.mutateAsync(id);
    } catch (error) {
      showError(error);
    }
  };
  return (
    <>
      <PageHeader
        title={text.importTitle}
        lead={text.importLead}
        actions={
          <>
            <Button component="a" href="/api/v1/imports/template.xlsx" variant="light" download>
              {text.template}
            </Button>
            <Button component={Link} to="/teachers" variant="subtle">
              {text.back}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Card withBorder padding="md" radius="md">
          <Group align="flex-end" gap="md">
            <FileInput
              label={text.file}
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={(f) => {
                setFile(f);
                setId('');
              }}
              clearable
              clearButtonProps={{ 'aria-label': text.clearFile }}
              miw={260}
              style={{ flex: '1 1 260px' }}
            />
            <Button onClick={() => void check()} disabled={!file} loading={upload.isPending}>
              {text.check}
            </Button>
          </Group>
        </Card>
        {s ? (
          <Card withBorder padding="md" radius="md">
            <Stack gap="md">
              <Text aria-live="polite">{text.summary(s.total, s.errors, s.existing)}</Text>
              {s.state === 'invalid' ? (
                <Alert color="red" role="alert">
                  {text.hasErrors}
                </Alert>
              ) : null}
              {s.state === 'ready' ? (
                <Group justify="space-between">
                  <Text>{text.ready}</Text>
                  <Button onClick={() => void run()} loading={apply.isPending}>
                    {text.apply}
                  </Button>
                </Group>
              ) : null}
              {s.state === 'queued' || s.state === 'running' ? (
                <Stack gap="xs" aria-live="polite">
                  <Text>{s.state === 'queued' ? text.queued : text.progress(s.processed, s.total)}</Text>
                  <Progress
                    value={s.total ? (100 * s.processed) / s.total : 0}
                    aria-label={text.progress(s.processed, s.total)}
                  />
                </Stack>
              ) : null}
              {s.state === 'done' && s.result ? (
                <Alert color="teal" role="status">
                  {text.done(s.result.teachers, s.result.organizations)}{' '}
                  <Anchor component={Link} to="/teachers?account=invited">
                    {text.account.invited}
                  </Anchor>
                </Alert>
              ) : null}
              {s.state === 'failed' ? (
                <Alert color="red" role="alert">
                  {s.failure}
                </Alert>
              ) : null}
              <Rows id={s.id} />
            </Stack>
          </Card>
        ) : null}
      </Stack>
    </>
  );
}
