// The course's «Документы» tab: the learners with a result and their documents — issuing to the
// selected or to everyone without one, what a learner's profile still lacks, revoking and reissuing
// with a reason, one document's PDF, the group's PDF and the FRDO spreadsheet (after its check);
// below, the course's documents for the records office (orders, lists, sheets).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { CertificateLearner, CertificateSummary, Issued } from '../../contract/certificates';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageLoader } from '../ui/page';
import { CourseDocumentsCard } from './course-documents-card';
import { fileUrl, useCertificateAction, useCourseCertificates, useFrdoCheck, useIssue } from './queries';

const MISSING_LABELS: Record<string, string> = {
  birthDate: ru.auditFields.birthDate ?? 'Дата рождения',
  sex: ru.auditFields.sex ?? 'Пол',
  snils: ru.auditFields.snils ?? 'СНИЛС',
  educationLevel: ru.auditFields.educationLevel ?? 'Уровень образования',
  diplomaSurname: ru.auditFields.diplomaSurname ?? 'Фамилия в дипломе',
  diplomaSeries: ru.auditFields.diplomaSeries ?? 'Серия диплома',
  diplomaNumber: ru.auditFields.diplomaNumber ?? 'Номер диплома',
};

const fullName = (l: CertificateLearner) => [l.lastName, l.firstName, l.middleName].filter(Boolean).join(' ');
const valid = (l: CertificateLearner) => l.documents.find((d) => !d.revokedAt);

function ActionModal({
  target,
  onClose,
}: {
  target: { document: CertificateSummary; action: 'revoke' | 'reissue' } | null;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useCertificateAction();
  if (!target) return null;
  const { document, action } = target;
  const title =
    action === 'revoke'
      ? ru.certificates.revokeTitle(document.registrationNumber)
      : ru.certificates.reissueTitle(document.registrationNumber);
  const submit = () => {
    if (!reason.trim()) {
      setError('Укажите причину');
      return;
    }
    mutation.mutate(
      { id: document.id, action, reason: reason.trim() },
      {
        onSuccess: (saved) => {
          showSuccess(
            ru.certificates.done,
            action === 'reissue' ? `№ ${saved.registrationNumber}` : undefined,
          );
          setReason('');
          onClose();
        },
        onError: (e) => showError(e),
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={title}>
      <Stack>
        <Text size="sm">
          {action === 'revoke' ? ru.certificates.revokeLead : ru.certificates.reissueLead}
        </Text>
        <Textarea
          label={ru.certificates.reason}
          required
          autosize
          minRows={2}
          value={reason}
          error={error}
          data-autofocus
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {ru.certificates.cancel}
          </Button>
          <Button
            color={action === 'revoke' ? 'red' : undefined}
            loading={mutation.isPending}
            onClick={submit}
          >
            {ru.certificates.confirm}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

function DocumentCell({
  document,
  onAction,
}: {
  document: CertificateSummary;
  onAction: (action: 'revoke' | 'reissue') => void;
}) {
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <Badge variant="light" color={document.revokedAt ? 'gray' : 'green'}>
          {ru.certificates.kinds[document.kind]}
        </Badge>
        <Text size="sm" td={document.revokedAt ? 'line-through' : undefined}>
          {ru.certificates.number(document.registrationNumber, formatDate(document.issuedOn))}
        </Text>
      </Group>
      {document.revokedAt ? (
        <Text size="xs" c="red">
          {ru.certificates.revoked(formatDate(document.revokedAt))}
          {document.revokeReason ? `: ${document.revokeReason}` : ''}
          {document.replacedBy
            ? `; ${ru.certificates.replacedBy(document.replacedBy.registrationNumber)}`
            : ''}
        </Text>
      ) : null}
      {document.replaces ? (
        <Text size="xs" c="dimmed">
          {ru.certificates.replaces(document.replaces.registrationNumber)}
        </Text>
      ) : null}
      <Group gap="xs">
        {document.abilities.pdf ? (
          <Anchor
            size="sm"
            href={fileUrl.certificate(document.id)}
            aria-label={ru.certificates.pdfOf(document.registrationNumber)}
          >
            {ru.certificates.pdf}
          </Anchor>
        ) : null}
        {document.abilities.reissue ? (
          <Button size="compact-xs" variant="subtle" onClick={() => onAction('reissue')}>
            {ru.certificates.reissue}
          </Button>
        ) : null}
        {document.abilities.revoke ? (
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onAction('revoke')}>
            {ru.certificates.revoke}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

function Frdo({ courseId }: { courseId: string }) {
  const check = useFrdoCheck(courseId, true);
  if (check.isPending) return null;
  if (check.isError) return <LoadError error={check.error} onRetry={() => void check.refetch()} />;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {ru.certificates.frdoRows(check.data.rows)}
      </Text>
      {check.data.problems.length ? (
        <Alert color="orange" title={ru.certificates.frdoProblems}>
          <List size="sm">
            {check.data.problems.map((p) => (
              <List.Item key={p.certificateId}>
                {p.registrationNumber}, {p.holder}: {p.columns.join('; ')}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : check.data.rows > 0 ? (
        <Button component="a" href={fileUrl.frdo(courseId)} variant="default" size="sm">
          {ru.certificates.downloadFrdo}
        </Button>
      ) : null}
    </Stack>
  );
}

export function CertificatesTab({ courseId }: { courseId: string }) {
  const query = useCourseCertificates(courseId);
  const issue = useIssue(courseId);
  const [selected, setSelected] = useState<string[]>([]);
  const [blocked, setBlocked] = useState<Issued['blocked']>([]);
  const [target, setTarget] = useState<{ document: CertificateSummary; action: 'revoke' | 'reissue' } | null>(
    null,
  );
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const { items, abilities } = query.data;
  const open = items.filter((l) => !valid(l));
  const run = (ids?: string[]) =>
    issue.mutate(ids, {
      onSuccess: (result) => {
        setSelected([]);
        setBlocked(result.blocked);
        showSuccess(ru.certificates.issued(result.items.length));
      },
      onError: (e) => showError(e),
    });
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => (on ? [...new Set([...s, id])] : s.filter((x) => x !== id)));
  const anyDocument = items.some((l) => valid(l));
  return (
    <Stack>
      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="certificates-title">
        <Group justify="space-between" align="flex-start" mb="sm">
          <div>
            <Title order={2} size="h4" id="certificates-title">
              {ru.certificates.title}
            </Title>
            <Text size="sm" c="dimmed" maw={720}>
              {ru.certificates.lead}
            </Text>
          </div>
          <Group gap="sm">
            {abilities.issue && open.length ? (
              <>
                <Button
                  variant="default"
                  disabled={selected.length === 0}
                  loading={issue.isPending}
                  onClick={() => run(selected)}
                >
                  {ru.certificates.issueSelected(selected.length)}
                </Button>
                <Button loading={issue.isPending} onClick={() => run()}>
                  {ru.certificates.issueAll}
                </Button>
              </>
            ) : null}
            {abilities.download && anyDocument ? (
              <Button component="a" href={fileUrl.coursePdf(courseId)} variant="default">
                {ru.certificates.downloadAll}
              </Button>
            ) : null}
          </Group>
        </Group>
        {blocked.length ? (
          <Alert color="orange" title={ru.certificates.blockedTitle} mb="sm" role="status">
            <List size="sm">
              {blocked.map((b) => (
                <List.Item key={b.applicationId}>{b.message}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" py="md">
            {ru.certificates.empty}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs">
              <Table.Caption>{ru.certificates.caption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  {abilities.issue ? (
                    <Table.Th w={1}>
                      <Checkbox
                        aria-label={ru.certificates.selectAll}
                        checked={open.length > 0 && selected.length === open.length}
                        indeterminate={selected.length > 0 && selected.length < open.length}
                        disabled={open.length === 0}
                        onChange={(e) =>
                          setSelected(e.currentTarget.checked ? open.map((l) => l.applicationId) : [])
                        }
                      />
                    </Table.Th>
                  ) : null}
                  <Table.Th>{ru.certificates.colLearner}</Table.Th>
                  <Table.Th>{ru.certificates.colGroup}</Table.Th>
                  <Table.Th>{ru.certificates.colResult}</Table.Th>
                  <Table.Th>{ru.certificates.colDocument}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((l) => {
                  const current = valid(l);
                  return (
                    <Table.Tr key={l.applicationId}>
                      {abilities.issue ? (
                        <Table.Td>
                          <Checkbox
                            aria-label={ru.certificates.selectOne(fullName(l))}
                            disabled={Boolean(current)}
                            checked={selected.includes(l.applicationId)}
                            onChange={(e) => toggle(l.applicationId, e.currentTarget.checked)}
                          />
                        </Table.Td>
                      ) : null}
                      <Table.Td>
                        <Text size="sm">{fullName(l)}</Text>
                        {!current && l.missing.length ? (
                          <Text size="xs" c="orange">
                            {ru.certificates.missing}:{' '}
                            {l.missing.map((f) => MISSING_LABELS[f] ?? f).join(', ')}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{l.groupNumber ?? ''}</Table.Td>
                      <Table.Td>
                        {l.status === 'completed' ? ru.certificates.completed : ru.certificates.notCompleted}
                      </Table.Td>
                      <Table.Td>
                        {l.documents.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {ru.certificates.noDocument}
                          </Text>
                        ) : (
                          <Stack gap="xs">
                            {l.documents.map((d) => (
                              <DocumentCell
                                key={d.id}
                                document={d}
                                onAction={(action) => setTarget({ document: d, action })}
                              />
                            ))}
                          </Stack>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {abilities.download && anyDocument ? (
          <Stack mt="md">
            <Frdo courseId={courseId} />
          </Stack>
        ) : null}
        <ActionModal target={target} onClose={() => setTarget(null)} />
      </Card>
      {abilities.download ? <CourseDocumentsCard courseId={courseId} groups={query.data.groups} /> : null}
    </Stack>
  );
}
