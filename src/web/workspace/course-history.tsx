// A course's history: every change of its state — what happened, from which state to which, who
// did it (or the system, on the course's dates), when, and the reason of a cancellation.
import { Card, Table, Text, Title } from '@mantine/core';
import { StatusBadge } from '../catalog/catalog-page';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { formatDateTime } from '../ui/format';
import { ListState } from '../ui/list';
import { WideTable } from '../ui/wide-table';
import { useCourseHistory } from './queries';

export function HistoryCard({ courseId }: { courseId: string }) {
  const query = useCourseHistory(courseId);
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-history">
      <Title order={2} size="h4" id="course-history" mb="sm">
        {workspaceText.history}
      </Title>
      <ListState query={query} filtered={false}>
        {(items) => (
          <WideTable minWidth={640} label={workspaceText.historyCaption}>
            <Table verticalSpacing="xs">
              <Table.Caption>{workspaceText.historyCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{workspaceText.colAt}</Table.Th>
                  <Table.Th>{workspaceText.colAction}</Table.Th>
                  <Table.Th>{workspaceText.colStatusChange}</Table.Th>
                  <Table.Th>{workspaceText.colWho}</Table.Th>
                  <Table.Th>{workspaceText.colReason}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((h) => (
                  <Table.Tr key={`${h.at} ${h.to}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.at)}</Table.Td>
                    <Table.Td>{workspaceText.historyActions[h.action] ?? h.action}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={h.to} />
                    </Table.Td>
                    <Table.Td>{h.by?.fullName ?? workspaceText.system}</Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                        {h.reason ?? ru.common.none}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </WideTable>
        )}
      </ListState>
    </Card>
  );
}
