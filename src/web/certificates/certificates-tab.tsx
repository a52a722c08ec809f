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
import { certificatesText } from '../i18n/certificates';
import { profileText } from '../i18n/profile';
import { formatDate } from '../ui/format';
import { showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageLoader } from '../ui/page';
import { CourseDocumentsCard } from './course-documents-card';
import { fileUrl, useCertificateAction, useCourseCertificates, useFrdoCheck, useIssue } from './queries';

/** The profile's names of the fields a document needs. */
const MISSING_LABELS: Record<string, string> = profileText.teacher.fields;

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
      ? certificatesText.revokeTitle(document.registrationNumber)
      : certificatesText.reissueTitle(document.registrationNumber);
  const submit = () => {
    if (!reason.trim()) {
      setError(certificatesText.reasonRequired);
      return;
    }
    mutation.mutate(
      { id: document.id, action, reason: reason.trim() },
      {
        onSuccess: (saved) => {
          showSuccess(
            certificatesText.done,
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
          {action === 'revoke' ? certificatesText.revokeLead : certificatesText.reissueLead}
        </Text>
        <Textarea
          label={certificatesText.reason}
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
            {certificatesText.cancel}
          </Button>
          <Button
            color={action === 'revoke' ? 'red' : undefined}
            loading={mutation.isPending}
            onClick={submit}
          >
            {certificatesText.confirm}
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
          {certificatesText.kinds[document.kind]}
        </Badge>
        <Text size="sm" td={document.revokedAt ? 'line-through' : undefined}>
          {certificatesText.number(document.registrationNumber, formatDate(document.issuedOn))}
        </Text>
      </Group>
      {document.revokedAt ? (
        <Text size="xs" c="red">
          {certificatesText.revoked(formatDate(document.revokedAt))}
          {document.revokeReason ? `: ${document.revokeReason}` : ''}
          {document.replacedBy
            ? `; ${certificatesText.replacedBy(document.replacedBy.registrationNumber)}`
            : ''}
        </Text>
      ) : null}
      {document.replaces ? (
        <Text size="xs" c="dimmed">
          {certificatesText.replaces(document.replaces.registrationNumber)}
        </Text>
      ) : null}
      <Group gap="xs">
        {document.abilities.pdf ? (
          <Anchor
            size="sm"
            href={fileUrl.certificate(document.id)}
            aria-label={certificatesText.pdfOf(document.registrationNumber)}
          >
            {certificatesText.pdf}
          </Anchor>
        ) : null}
        {document.abilities.reissue ? (
          <Button size="compact-xs" variant="subtle" onClick={() => onAction('reissue')}>
            {certificatesText.reissue}
          </Button>
        ) : null}
        {document.abilities.revoke ? (
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onAction('revoke')}>
            {certificatesText.revoke}
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
        {certificatesText.frdoRows(check.data.rows)}
      </Text>
      {check.data.problems.length ? (
        <Alert color="orange" title={certificatesText.frdoProblems}>
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
          {certificatesText.downloadFrdo}
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
        showSuccess(certificatesText.issued(result.items.length));
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
              {certificatesText.title}
            </Title>
            <Text size="sm" c="dimmed" maw={720}>
              {certificatesText.lead}
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
                  {certificatesText.issueSelected(selected.length)}
                </Button>
                <Button loading={issue.isPending} onClick={() => run()}>
                  {certificatesText.issueAll}
                </Button>
              </>
            ) : null}
            {abilities.download && anyDocument ? (
              <Button component="a" href={fileUrl.coursePdf(courseId)} variant="default">
                {certificatesText.downloadAll}
              </Button>
            ) : null}
          </Group>
        </Group>
        {blocked.length ? (
          <Alert color="orange" title={certificatesText.blockedTitle} mb="sm" role="status">
            <List size="sm">
              {blocked.map((b) => (
                <List.Item key={b.applicationId}>{b.message}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" py="md">
            {certificatesText.empty}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs">
              <Table.Caption>{certificatesText.caption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  {abilities.issue ? (
                    <Table.Th w={1}>
                      <Checkbox
                        aria-label={certificatesText.selectAll}
                        checked={open.length > 0 && selected.length === open.length}
                        indeterminate={selected.length > 0 && selected.length < open.length}
                        disabled={open.length === 0}
                        onChange={(e) =>
                          setSelected(e.currentTarget.checked ? open.map((l) => l.applicationId) : [])
                        }
                      />
                    </Table.Th>
                  ) : null}
                  <Table.Th>{certificatesText.colLearner}</Table.Th>
                  <Table.Th>{certificatesText.colGroup}</Table.Th>
                  <Table.Th>{certificatesText.colResult}</Table.Th>
                  <Table.Th>{certificatesText.colDocument}</Table.Th>
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
                            aria-label={certificatesText.selectOne(fullName(l))}
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
                            {certificatesText.missing}:{' '}
                            {l.missing.map((f) => MISSING_LABELS[f] ?? f).join(', ')}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{l.groupNumber ?? ''}</Table.Td>
                      <Table.Td>
                        {l.status === 'completed'
                          ? certificatesText.completed
                          : certificatesText.notCompleted}
                      </Table.Td>
                      <Table.Td>
                        {l.documents.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {certificatesText.noDocument}
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
