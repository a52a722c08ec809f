// «Мои задания»: the files the user asked to be prepared (a provider's documents for a period),
// newest first, with their state and the download while the file is kept.
import { Anchor, Card, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { jobsText } from '../i18n/jobs';
import { formatDateTime } from '../ui/format';
import { EmptyRows, LoadError, PageHeader, PageLoader } from '../ui/page';
import { JobDownload, JobStateBadge } from './job-progress';
import { useMyJobs } from './queries';

const text = jobsText;

export function MyJobsPage() {
  const query = useMyJobs();
  return (
    <>
      <PageHeader title={text.title} lead={text.lead} />
      {query.isPending ? <PageLoader /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.data ? (
        <Card withBorder padding={0} radius="md">
          {query.data.items.length === 0 ? (
            <EmptyRows hint={text.emptyHint} />
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Caption>{text.caption}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{text.columns.title}</Table.Th>
                    <Table.Th>{text.columns.state}</Table.Th>
                    <Table.Th>{text.columns.createdAt}</Table.Th>
                    <Table.Th>{text.columns.file}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {query.data.items.map((job) => (
                    <Table.Tr key={job.id}>
                      <Table.Td>
                        {job.link ? (
                          <Anchor component={Link} to={job.link}>
                            {job.title}
                          </Anchor>
                        ) : (
                          job.title
                        )}
                        {job.error ? (
                          <Text size="sm" c="red.8">
                            {job.error}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <JobStateBadge state={job.state} />
                      </Table.Td>
                      <Table.Td>{formatDateTime(job.createdAt)}</Table.Td>
                      <Table.Td>
                        <JobDownload job={job} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      ) : null}
    </>
  );
}
