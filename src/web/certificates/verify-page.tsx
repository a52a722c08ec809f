// The public check of a document's number (the QR code on a document opens it): whether the number
// was issued, to whom (surname and initials), for which program, and whether it was revoked.
import { Alert, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { CERTIFICATE_KIND_LABELS } from '../../contract/certificates';
import { ApiError } from '../api';
import { verifyText } from '../i18n/verify';
import { formatDate } from '../ui/format';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { useVerification } from './queries';

export function VerifyPage() {
  const { number = '' } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(number);
  const query = useVerification(number);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = typed.trim();
    if (value) void navigate(`/verify/${encodeURIComponent(value)}`);
  };
  const unknown = query.error instanceof ApiError && query.error.status === 404;
  return (
    <Stack maw={760}>
      <PageHeader title={verifyText.title} lead={verifyText.lead} />
      <form onSubmit={submit} noValidate aria-label={verifyText.title}>
        <Group align="flex-end">
          <TextInput
            label={verifyText.number}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            style={{ flex: 1 }}
            required
          />
          <Button type="submit">{verifyText.check}</Button>
        </Group>
      </form>
      {number === '' ? null : query.isPending ? (
        <PageLoader />
      ) : unknown ? (
        <Alert color="red" title={verifyText.unknown} role="status">
          {verifyText.unknownHint}
        </Alert>
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="verify-result">
          <Title order={2} size="h4" id="verify-result" c={query.data.revoked ? 'red' : 'green'} mb="sm">
            {query.data.revoked
              ? verifyText.revoked(formatDate(query.data.revokedOn))
              : `${verifyText.genuine}: № ${query.data.registrationNumber}`}
          </Title>
          {query.data.replacedBy ? <Text mb="sm">{verifyText.replacedBy(query.data.replacedBy)}</Text> : null}
          <Table variant="vertical" withTableBorder>
            <Table.Tbody>
              {[
                [verifyText.kind, CERTIFICATE_KIND_LABELS[query.data.kind]],
                [verifyText.holder, query.data.holder],
                [verifyText.program, query.data.programTitle],
                [verifyText.hours, String(query.data.hours)],
                [verifyText.provider, query.data.providerName],
                [verifyText.issuedOn, formatDate(query.data.issuedOn)],
              ].map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={200}>{label}</Table.Th>
                  <Table.Td>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
