// A course's public page: the program, the dates and place, the schedule (with an iCalendar file
// to import it), the materials, and the places left in total and per territory.
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { CatalogCourse } from '../../contract/catalog';
import { ApiError } from '../api';
import { ApplyBlock } from '../applications/apply-block';
import { applicationsText } from '../i18n/applications';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { StatusBadge } from './catalog-page';
import { useCatalogCourse } from './queries';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Paragraphs({ text }: { text: string }) {
  return (
    <Stack gap="xs">
      {text
        .split(/\n{2,}/)
        .filter((p) => p.trim())
        .map((p) => (
          <Text key={p} style={{ whiteSpace: 'pre-line' }}>
            {p}
          </Text>
        ))}
    </Stack>
  );
}

function Schedule({ course }: { course: CatalogCourse }) {
  if (course.schedule.length === 0) return <Text c="dimmed">{catalogText.scheduleEmpty}</Text>;
  return (
    <>
      <Stack gap="xs" hiddenFrom="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {course.schedule.map((d) => (
          <Card key={`${d.date} ${d.startsAt}`} component="li" withBorder padding="sm" radius="sm">
            <Text fw={600} size="sm">
              {formatDate(d.date)}, {catalogText.time(d.startsAt, d.endsAt)}
            </Text>
            <Text size="sm">{d.topic}</Text>
            {d.room || d.teacher ? (
              <Text size="sm" c="dimmed">
                {[d.room, d.teacher].filter(Boolean).join(' · ')}
              </Text>
            ) : null}
          </Card>
        ))}
      </Stack>
      <Table.ScrollContainer minWidth={560} visibleFrom="sm">
        <Table striped verticalSpacing="xs">
          <Table.Caption>{catalogText.scheduleCaption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{catalogText.colDate}</Table.Th>
              <Table.Th scope="col">{catalogText.colTime}</Table.Th>
              <Table.Th scope="col">{catalogText.colTopic}</Table.Th>
              <Table.Th scope="col">{catalogText.colRoom}</Table.Th>
              <Table.Th scope="col">{catalogText.colTeacher}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {course.schedule.map((d) => (
              <Table.Tr key={`${d.date} ${d.startsAt}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(d.date)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{catalogText.time(d.startsAt, d.endsAt)}</Table.Td>
                <Table.Td>{d.topic}</Table.Td>
                <Table.Td>{d.room ?? ru.common.none}</Table.Td>
                <Table.Td>{d.teacher ?? ru.common.none}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

function Places({ course }: { course: CatalogCourse }) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, xs: 3 }} component="dl" m={0}>
        <Fact label={catalogText.capacity}>{course.capacity}</Fact>
        {course.learners ? (
          <>
            <Fact label={applicationsText.learnersEnrolled}>{course.learners.enrolled}</Fact>
            <Fact label={applicationsText.learnersCompleted}>{course.learners.completed}</Fact>
          </>
        ) : (
          <>
            <Fact label={catalogText.placesLeftTotal}>{course.placesLeft}</Fact>
            <Fact label={catalogText.commonPlacesLeft}>{course.commonPlacesLeft}</Fact>
          </>
        )}
      </SimpleGrid>
      {course.quotas.length > 0 ? (
        <>
          <Table.ScrollContainer minWidth={360}>
            <Table striped verticalSpacing="xs">
              <Table.Caption>{catalogText.quotasCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{catalogText.quotaTerritory}</Table.Th>
                  <Table.Th scope="col">{catalogText.quotaPlaces}</Table.Th>
                  <Table.Th scope="col">{catalogText.quotaLeft}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {course.quotas.map((q) => (
                  <Table.Tr key={q.territoryId}>
                    <Table.Td>{q.territoryName}</Table.Td>
                    <Table.Td>{q.places}</Table.Td>
                    <Table.Td>{q.placesLeft}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {course.quotaReleaseOn ? (
            <Text size="sm" c="dimmed">
              {catalogText.quotaRelease(formatDate(course.quotaReleaseOn))}
            </Text>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}

function CourseView({ course }: { course: CatalogCourse }) {
  const p = course.program;
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Group gap="xs">
          <StatusBadge status={course.status} ended={course.studyEnded} />
        </Group>
        <PageHeader
          title={p.title}
          lead={`${course.provider.name} · ${course.department.name}`}
          actions={
            <Button component="a" href={course.calendarUrl} download>
              {catalogText.addToCalendar}
            </Button>
          }
        />
      </Stack>
      {course.status === 'cancelled' ? (
        <Alert color="red" title={catalogText.cancelled}>
          {course.cancelReason}
        </Alert>
      ) : null}
      <ApplyBlock course={course} />
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="facts">
        <Title order={2} size="h3" id="facts" mb="sm">
          {catalogText.facts}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" m={0} spacing="md">
          <Fact label={catalogText.datesLabel}>
            {catalogText.dates(formatDate(course.startsOn), formatDate(course.endsOn))}
          </Fact>
          <Fact label={catalogText.applyUntil}>{formatDate(course.applyUntil)}</Fact>
          <Fact label={catalogText.hoursLabel}>{catalogText.hours(p.hours)}</Fact>
          <Fact label={catalogText.kindLabel}>{catalogText.kinds[p.kind] ?? p.kind}</Fact>
          <Fact label={catalogText.formLabel}>{catalogText.forms[p.form] ?? p.form}</Fact>
          <Fact label={catalogText.distanceLabel}>{p.distance ? ru.common.yes : ru.common.no}</Fact>
          <Fact label={catalogText.placeLabel}>
            {course.place || ru.common.none}
            {course.distanceUrl ? (
              <>
                <br />
                <Anchor href={course.distanceUrl} target="_blank" rel="noopener noreferrer">
                  {catalogText.distanceLink}
                </Anchor>
              </>
            ) : null}
          </Fact>
          <Fact label={catalogText.providerLabel}>{course.provider.name}</Fact>
          <Fact label={catalogText.departmentLabel}>{course.department.name}</Fact>
          {p.targetPositions.length > 0 ? (
            <Fact label={catalogText.targetPositions}>{p.targetPositions.join(', ')}</Fact>
          ) : null}
          {p.subjects.length > 0 ? <Fact label={catalogText.subjects}>{p.subjects.join(', ')}</Fact> : null}
        </SimpleGrid>
      </Card>
      <Section title={catalogText.annotation}>
        <Paragraphs text={p.annotation} />
      </Section>
      {p.plannedResults ? (
        <Section title={catalogText.plannedResults}>
          <Paragraphs text={p.plannedResults} />
        </Section>
      ) : null}
      <Section title={catalogText.schedule}>
        <Schedule course={course} />
        <Group gap="sm">
          <Button component="a" href={course.calendarUrl} download variant="light">
            {catalogText.addToCalendar}
          </Button>
          <Text size="sm" c="dimmed">
            {catalogText.calendarHint}
          </Text>
        </Group>
      </Section>
      <Section title={catalogText.files}>
        {course.files.length === 0 ? (
          <Text c="dimmed">{catalogText.filesEmpty}</Text>
        ) : (
          <List spacing="xs">
            {course.files.map((f) => (
              <List.Item key={f.id}>
                <Anchor href={f.url} download={f.name} aria-label={catalogText.download(f.title ?? f.name)}>
                  {f.title ?? f.name}
                </Anchor>{' '}
                <Text span size="sm" c="dimmed">
                  ({catalogText.fileSize(f.size)})
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Section>
      <Section title={catalogText.places}>
        <Places course={course} />
      </Section>
      <div>
        <Button component={Link} to="/catalog" variant="subtle">
          {catalogText.back}
        </Button>
      </div>
    </Stack>
  );
}

export function CoursePage() {
  const { id = '' } = useParams();
  const query = useCatalogCourse(id);
  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError && query.error instanceof ApiError && query.error.status === 404)
    body = (
      <>
        <PageHeader title={catalogText.notFound} lead={catalogText.notFoundText} />
        <div>
          <Button component={Link} to="/catalog" variant="light">
            {catalogText.back}
          </Button>
        </div>
      </>
    );
  else if (query.isError || !query.data)
    body = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  else body = <CourseView course={query.data} />;
  return (
    <Stack py="lg" gap={0}>
      {body}
    </Stack>
  );
}
