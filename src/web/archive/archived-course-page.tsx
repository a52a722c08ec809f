// One archived course as it ended, read-only: its program, provider, dates and results, its
// applications with their groups and results (a methodist sees her territory's), and its history.
// The department's staff also get a link to the course's workspace page.
import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ApplicationStatusBadge } from '../applications/status';
import { useMe } from '../auth/session';
import { StatusBadge } from '../catalog/catalog-page';
import { archiveText } from '../i18n/archive';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { formatDate, formatDateTime } from '../ui/format';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { WideTable } from '../ui/wide-table';
import { useArchivedCourse } from './queries';

const text = archiveText;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

export function ArchivedCoursePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const query = useArchivedCourse(id);
  if (query.isPending) return <PageLoader />;
  if (query.isError || !query.data)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const workspace = me.roles.some((r) => ['manager', 'head', 'provider_admin', 'operator'].includes(r.role));
  return (
    <>
      <PageHeader
        title={c.programTitle}
        lead={text.courseTitle}
        actions={
          <>
            {workspace ? (
              <Button component={Link} to={`/workspace/courses/${c.id}`} variant="default">
                {ru.nav.courses}
              </Button>
            ) : null}
            <Button component={Link} to="/archive" variant="subtle">
              {text.back}
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Alert color="gray" variant="light">
          <Group gap="sm">
            <StatusBadge status="archived" />
            <Text size="sm">{text.readOnly}</Text>
          </Group>
        </Alert>
        <Card withBorder padding="lg" radius="md">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
            <Fact label={text.facts.provider}>{c.providerName}</Fact>
            <Fact label={text.facts.department}>{c.departmentName}</Fact>
            <Fact label={text.facts.dates}>
              {formatDate(c.startsOn)} — {formatDate(c.endsOn)}
            </Fact>
            <Fact label={text.facts.hours}>{text.hours(c.hours)}</Fact>
            <Fact label={text.facts.place}>{c.place || ru.common.none}</Fact>
            <Fact label={text.facts.results}>{text.results(c.learners, c.completed, c.notCompleted)}</Fact>
          </SimpleGrid>
        </Card>
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="archived-applications">
          <Title order={2} size="h4" id="archived-applications" mb="sm">
            {text.applicationsTitle}
          </Title>
          {c.applications.length === 0 ? (
            <Text c="dimmed">{text.applicationsEmpty}</Text>
          ) : (
            <WideTable minWidth={760} label={text.applicationsTitle}>
              <Table verticalSpacing="xs">
                <Table.Caption>{text.applicationsTitle}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{text.applicationColumns.teacher}</Table.Th>
                    <Table.Th>{text.applicationColumns.organization}</Table.Th>
                    <Table.Th>{text.applicationColumns.group}</Table.Th>
                    <Table.Th>{text.applicationColumns.status}</Table.Th>
                    <Table.Th>{text.applicationColumns.reason}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.applications.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/applications/${a.id}`}>
                          {a.teacherName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{a.organizationName}</Text>
                        <Text size="xs" c="dimmed">
                          {a.territoryName}
                        </Text>
                      </Table.Td>
                      <Table.Td>{a.groupNumber ?? ru.common.none}</Table.Td>
                      <Table.Td>
                        <ApplicationStatusBadge status={a.status} />
                      </Table.Td>
                      <Table.Td>{a.reason ?? ru.common.none}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </WideTable>
          )}
        </Card>
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="archived-history">
          <Title order={2} size="h4" id="archived-history" mb="sm">
            {text.historyTitle}
          </Title>
          <WideTable minWidth={560} label={text.historyTitle}>
            <Table verticalSpacing="xs">
              <Table.Caption>{text.historyTitle}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{workspaceText.colAt}</Table.Th>
                  <Table.Th>{workspaceText.colAction}</Table.Th>
                  <Table.Th>{workspaceText.colStatusChange}</Table.Th>
                  <Table.Th>{workspaceText.colWho}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.history.map((h) => (
                  <Table.Tr key={`${h.at} ${h.to}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.at)}</Table.Td>
                    <Table.Td>{workspaceText.historyActions[h.action] ?? h.action}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={h.to} />
                    </Table.Td>
                    <Table.Td>{h.by?.fullName ?? workspaceText.system}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </WideTable>
        </Card>
      </Stack>
    </>
  );
}
