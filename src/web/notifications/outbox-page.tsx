// The operator's view of the outbox: every e-mail the Bank queued with a notification — to whom,
// the subject, its state, attempts and the last error — and its text as it is (or would be) sent.
// Without SMTP configured the mail is only stored here, which the page says up front.
import { Alert, Button, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { OutboxEmail, OutboxStatus } from '../../contract/notifications';
import { OUTBOX_STATUSES } from '../../contract/notifications';
import { outboxText } from '../i18n/outbox';
import { ru } from '../i18n/ru';
import { formatDateTime } from '../ui/format';
import { ListFooter, ListState, SearchField, useUrlFilters } from '../ui/list';
import { PageHeader } from '../ui/page';
import { useOutbox } from './queries';

const STATUS_COLORS: Record<OutboxStatus, string> = {
  pending: 'blue',
  retrying: 'orange',
  sent: 'teal',
  failed: 'red',
};

function StatusCell({ mail, smtpConfigured }: { mail: OutboxEmail; smtpConfigured: boolean }) {
  const label =
    mail.status === 'pending' && !smtpConfigured ? outboxText.stored : outboxText.statuses[mail.status];
  return (
    <Stack gap={2}>
      <Text
        size="sm"
        fw={500}
        c={mail.status === 'pending' && !smtpConfigured ? 'dimmed' : `${STATUS_COLORS[mail.status]}.8`}
      >
        {label}
      </Text>
      {mail.status === 'retrying' && mail.nextAttemptAt ? (
        <Text size="xs" c="dimmed">
          {outboxText.nextAttempt(formatDateTime(mail.nextAttemptAt))}
        </Text>
      ) : null}
    </Stack>
  );
}

function MailText({ mail }: { mail: OutboxEmail }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {outboxText.text}
      </Text>
      <Text
        size="sm"
        ff="monospace"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
        aria-label={outboxText.text}
      >
        {mail.body}
      </Text>
      {mail.lastError ? (
        <Text size="sm" c="red" style={{ wordBreak: 'break-word' }}>
          {outboxText.lastError}: {mail.lastError}
        </Text>
      ) : null}
    </Stack>
  );
}

export function OutboxPage() {
  const list = useUrlFilters(['status', 'q'] as const);
  const params = {
    status: list.values.status,
    q: list.values.q,
    limit: list.limit,
    offset: list.offset,
  };
  const query = useOutbox(params);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const smtpConfigured = query.data?.smtpConfigured ?? true;

  return (
    <>
      <PageHeader title={outboxText.title} lead={outboxText.lead} />
      {query.data && !query.data.smtpConfigured ? (
        <Alert color="yellow" title={outboxText.smtpOff} mb="md">
          {outboxText.smtpOffText}
        </Alert>
      ) : null}
      <Card withBorder padding="md" radius="md">
        <Group mb="md" align="flex-end" gap="md">
          <Select
            label={outboxText.status}
            placeholder={outboxText.statusAny}
            data={OUTBOX_STATUSES.map((value) => ({ value, label: outboxText.statuses[value] ?? value }))}
            clearable
            value={list.values.status || null}
            onChange={(status) => list.update({ status })}
            miw={220}
            style={{ flex: '0 1 240px' }}
          />
          <SearchField
            label={outboxText.search}
            placeholder={outboxText.searchHint}
            value={list.values.q}
            onChange={(q) => list.update({ q }, true)}
          />
          {list.active ? (
            <Button variant="subtle" onClick={list.reset}>
              {ru.actions.resetFilters}
            </Button>
          ) : null}
        </Group>
        <ListState query={query} filtered={list.active}>
          {(items) => (
            <Table.ScrollContainer minWidth={860}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{outboxText.createdAt}</Table.Th>
                    <Table.Th>{outboxText.to}</Table.Th>
                    <Table.Th>{outboxText.subject}</Table.Th>
                    <Table.Th>{outboxText.status}</Table.Th>
                    <Table.Th>{outboxText.attempts}</Table.Th>
                    <Table.Th>{outboxText.sentAt}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((mail) => {
                    const expanded = open.has(mail.id);
                    return (
                      <Fragment key={mail.id}>
                        <Table.Tr>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {formatDateTime(mail.createdAt)}
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                              {mail.to}
                            </Text>
                          </Table.Td>
                          <Table.Td miw={260}>
                            <Stack gap={2} align="flex-start">
                              <Text size="sm">{mail.subject}</Text>
                              <Button
                                size="compact-xs"
                                variant="subtle"
                                px={0}
                                onClick={() => toggle(mail.id)}
                                aria-expanded={expanded}
                                aria-controls={`outbox-mail-${mail.id}`}
                              >
                                {expanded ? outboxText.hideText : outboxText.showText}
                              </Button>
                            </Stack>
                          </Table.Td>
                          <Table.Td>
                            <StatusCell mail={mail} smtpConfigured={smtpConfigured} />
                          </Table.Td>
                          <Table.Td>{mail.attempts}</Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {mail.sentAt ? formatDateTime(mail.sentAt) : ru.common.none}
                          </Table.Td>
                        </Table.Tr>
                        {expanded ? (
                          <Table.Tr id={`outbox-mail-${mail.id}`}>
                            <Table.Td colSpan={6} bg="var(--mantine-color-gray-0)">
                              <MailText mail={mail} />
                            </Table.Td>
                          </Table.Tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
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
    </>
  );
}
