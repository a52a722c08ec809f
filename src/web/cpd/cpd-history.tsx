// A teacher's CPD history as she and her methodist see it: the rule's state (a badge and a
// sentence with the date), the last course, the hours of three years, and the table of courses —
// the Bank's with their results, those before the Bank with their document (removable by whoever
// may add them).
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { type CpdHistory, type CpdRule, HISTORY_DOCUMENT_KIND_LABEL } from '../../contract/cpd';
import { ApplicationStatusBadge } from '../applications/status';
import { fileUrl } from '../certificates/queries';
import { cpdText } from '../i18n/cpd';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { WideTable } from '../ui/wide-table';

const text = cpdText;
export const RULE_COLOR: Record<CpdRule, string> = { ok: 'teal', due: 'yellow', overdue: 'red' };

export function RuleBadge({ rule }: { rule: CpdRule }) {
  return (
    <Badge color={RULE_COLOR[rule]} variant="light" radius="sm" style={{ flexShrink: 0 }}>
      {text.rule[rule]}
    </Badge>
  );
}

/** The rule's state in one sentence: until when, or since when it is overdue. */
export function ruleSentence(h: Pick<CpdHistory, 'rule' | 'dueOn'>): string {
  if (h.dueOn === null) return text.ruleLine.never;
  return text.ruleLine[h.rule](formatDate(h.dueOn));
}

export function RuleCard({ history }: { history: CpdHistory }) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="cpd-rule">
      <Group gap="sm" mb="sm">
        <Title order={2} size="h4" id="cpd-rule">
          {text.summaryTitle}
        </Title>
        <RuleBadge rule={history.rule} />
      </Group>
      <Text mb="md">{ruleSentence(history)}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <div>
          <Text size="xs" c="dimmed">
            {text.lastCompleted}
          </Text>
          <Text fw={500}>{history.lastCompletedOn ? formatDate(history.lastCompletedOn) : text.none}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {text.dueOn}
          </Text>
          <Text fw={500}>{history.dueOn ? formatDate(history.dueOn) : text.none}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {text.hoursInThreeYears}
          </Text>
          <Text fw={500}>{history.hoursInThreeYears}</Text>
        </div>
      </SimpleGrid>
    </Card>
  );
}

export function HistoryTable({
  history,
  onRemove,
}: {
  history: CpdHistory;
  onRemove?: (recordId: string, title: string) => void;
}) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="cpd-history">
      <Title order={2} size="h4" id="cpd-history" mb="sm">
        {text.historyTitle}
      </Title>
      {history.items.length === 0 ? (
        <Text c="dimmed">{text.empty}</Text>
      ) : (
        <WideTable minWidth={760} label={text.historyTitle}>
          <Table verticalSpacing="sm">
            <Table.Caption>{text.historyTitle}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{text.columns.program}</Table.Th>
                <Table.Th>{text.columns.dates}</Table.Th>
                <Table.Th ta="right">{text.columns.hours}</Table.Th>
                <Table.Th>{text.columns.status}</Table.Th>
                <Table.Th>{text.columns.document}</Table.Th>
                {onRemove ? <Table.Th>{ru.common.actionsColumn}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.items.map((i) => (
                <Table.Tr key={i.courseId ? `c${i.courseId}` : `e${i.recordId}`}>
                  <Table.Td>
                    {i.courseId ? (
                      <Text size="sm" fw={500}>
                        {i.programTitle}
                      </Text>
                    ) : (
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {i.programTitle}
                        </Text>
                        <Badge variant="outline" color="gray" radius="sm" size="sm">
                          {text.external}
                        </Badge>
                      </Group>
                    )}
                    <Text size="xs" c="dimmed">
                      {i.providerName}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(i.startsOn)} — {formatDate(i.endsOn)}
                  </Table.Td>
                  <Table.Td ta="right">{i.hours}</Table.Td>
                  <Table.Td>
                    <ApplicationStatusBadge status={i.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {i.certificate
                        ? text.documentLine(
                            HISTORY_DOCUMENT_KIND_LABEL[i.certificate.kind],
                            i.certificate.series,
                            i.certificate.number,
                            formatDate(i.certificate.issuedOn),
                          )
                        : text.none}
                    </Text>
                    {i.certificate?.id ? (
                      <Anchor
                        size="sm"
                        href={fileUrl.certificate(i.certificate.id)}
                        download
                        aria-label={text.downloadDocument(i.programTitle)}
                      >
                        {text.downloadPdf}
                      </Anchor>
                    ) : null}
                  </Table.Td>
                  {onRemove ? (
                    <Table.Td>
                      {i.recordId ? (
                        <Button
                          variant="subtle"
                          color="red"
                          size="xs"
                          aria-label={text.removeExternal(i.programTitle)}
                          onClick={() => onRemove(i.recordId ?? '', i.programTitle)}
                        >
                          {text.removeConfirm}
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </WideTable>
      )}
    </Card>
  );
}

/** The teacher's cabinet: the rule's state in a line, with the way to the whole history. */
export function CpdSummaryLine({ history }: { history: CpdHistory }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <RuleBadge rule={history.rule} />
      <Text size="sm">
        {ruleSentence(history)}{' '}
        <Text component={Link} to="/cpd" size="sm" c="primary.8" td="underline">
          {ru.nav.myCpd}
        </Text>
      </Text>
    </Group>
  );
}
