// A course's places beside a basket. The methodist sees her territory's line — its quota, the
// places it took, its waitlist, what it may still take — and the course's totals; the department
// sees every territory with the totals, and opens the conversation with a territory's methodists.
import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { PlacesBreakdown } from '../../contract/applications';
import { ConversationPanel } from '../conversations/conversation-panel';
import { applicationsText } from '../i18n/applications';
import { catalogText } from '../i18n/catalog';
import { formatDate } from '../ui/format';
import { AppModal } from '../ui/modal';
import { LoadError, PageLoader } from '../ui/page';
import { WideTable } from '../ui/wide-table';
import { type CourseSource, useCourseBrief } from './basket';
import { useCoursePlaces } from './queries';

const text = applicationsText;
type Line = PlacesBreakdown['territories'][number];

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fw={600}>
        {children}
      </Text>
    </div>
  );
}

/** The course's totals, and the figures of one territory's line when there is just one. */
function Figures({ places, line }: { places: PlacesBreakdown; line?: Line | undefined }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: line ? 7 : 4 }} component="dl" m={0} spacing="sm">
      <Figure label={text.capacity}>{places.capacity}</Figure>
      {places.learners ? (
        <>
          <Figure label={text.learnersEnrolled}>{places.learners.enrolled}</Figure>
          <Figure label={text.learnersCompleted}>{places.learners.completed}</Figure>
        </>
      ) : (
        <>
          <Figure label={text.placesLeft}>{places.placesLeft}</Figure>
          <Figure label={text.commonPlacesLeft}>{places.commonPlacesLeft}</Figure>
        </>
      )}
      {line ? (
        <>
          <Figure label={text.lineQuota}>{line.quota}</Figure>
          <Figure label={text.colForwarded}>{line.forwarded}</Figure>
          <Figure label={text.colWaitlisted}>{line.waitlisted}</Figure>
          {/* A course that has started takes nobody more: no place is «free» any longer. */}
          {places.learners ? null : <Figure label={text.lineFree}>{line.free}</Figure>}
        </>
      ) : null}
    </SimpleGrid>
  );
}

function Notes({ places }: { places: PlacesBreakdown }) {
  return (
    <Text size="xs" c="dimmed">
      {text.freeHint}
      {places.quotaReleaseOn ? ` ${text.quotaRelease(formatDate(places.quotaReleaseOn))}` : ''}
    </Text>
  );
}

/** The conversation of the course with one territory, in a dialog over the basket. */
function useConversation(courseId: string, title: (territory: string) => string) {
  const [territory, setTerritory] = useState<{ id: string; name: string } | null>(null);
  const dialog = (
    <AppModal
      opened={territory !== null}
      onClose={() => setTerritory(null)}
      title={territory ? title(territory.name) : ''}
      size="xl"
    >
      {territory ? (
        <ConversationPanel courseId={courseId} territoryId={territory.id} withHeading={false} />
      ) : null}
    </AppModal>
  );
  return { open: setTerritory, dialog };
}

function Frame({
  courseId,
  source,
  actions,
  children,
}: {
  courseId: string;
  source: CourseSource;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const brief = useCourseBrief(courseId, source);
  return (
    <Card withBorder radius="md" padding="md" mb="md" component="section" aria-labelledby="course-places">
      <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
        <div>
          <Title order={2} size="h4" id="course-places">
            {brief.data ? text.placesTitle(brief.data.title) : text.placesTitleShort}
          </Title>
          {brief.data ? (
            <Text size="sm" c="dimmed">
              {catalogText.dates(formatDate(brief.data.startsOn), formatDate(brief.data.endsOn))}
            </Text>
          ) : null}
        </div>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

function LineTable({ lines }: { lines: Line[] }) {
  return (
    <WideTable minWidth={560} label={text.placesByTerritory}>
      <Table striped verticalSpacing={4}>
        <Table.Caption>{text.placesByTerritory}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{text.colTerritory}</Table.Th>
            <Table.Th scope="col">{text.colQuota}</Table.Th>
            <Table.Th scope="col">{text.colForwarded}</Table.Th>
            <Table.Th scope="col">{text.colWaitlisted}</Table.Th>
            <Table.Th scope="col">{text.colFree}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((t) => (
            <Table.Tr key={t.territory.id}>
              <Table.Th scope="row" fw={500}>
                {t.territory.name}
              </Table.Th>
              <Table.Td>{t.quota}</Table.Td>
              <Table.Td>{t.forwarded}</Table.Td>
              <Table.Td>{t.waitlisted}</Table.Td>
              <Table.Td>{t.free}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </WideTable>
  );
}

export function MethodistPlaces({
  courseId,
  territories,
}: {
  courseId: string;
  /** The methodist's territories: each may talk to the course's department. */
  territories: { id: string; name: string }[];
}) {
  const query = useCoursePlaces(courseId);
  const talk = useConversation(courseId, () => text.talkToManager);
  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError || !query.data)
    body = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const places = query.data;
    const lines = places.territories;
    body = (
      <Stack gap="sm">
        <Figures places={places} line={lines.length === 1 ? lines[0] : undefined} />
        {lines.length > 1 ? <LineTable lines={lines} /> : null}
        {lines.length === 0 ? <Text size="sm">{text.noQuotaLine}</Text> : null}
        <Notes places={places} />
      </Stack>
    );
  }
  const buttons = (
    <Group gap="xs">
      {territories.map((t) => (
        <Button key={t.id} size="xs" variant="light" onClick={() => talk.open(t)}>
          {territories.length > 1 ? `${text.talkToManager}: ${t.name}` : text.talkToManager}
        </Button>
      ))}
    </Group>
  );
  return (
    <Frame courseId={courseId} source="catalog" actions={buttons}>
      {body}
      {talk.dialog}
    </Frame>
  );
}

export function ProviderBreakdown({ courseId, canTalk }: { courseId: string; canTalk: boolean }) {
  const query = useCoursePlaces(courseId);
  const talk = useConversation(courseId, text.talkTo);
  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError || !query.data)
    body = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const places = query.data;
    const lines = places.territories;
    const sum = (pick: (t: Line) => number) => lines.reduce((n, t) => n + pick(t), 0);
    body = (
      <Stack gap="sm">
        <Figures places={places} />
        {lines.length === 0 ? (
          <Text size="sm">{text.noLines}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing={4} data-testid="places-breakdown">
              <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
                {text.breakdownCaption}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{text.colTerritory}</Table.Th>
                  <Table.Th scope="col">{text.colQuota}</Table.Th>
                  <Table.Th scope="col">{text.colForwarded}</Table.Th>
                  <Table.Th scope="col">{text.colWaitlisted}</Table.Th>
                  <Table.Th scope="col">{text.colFree}</Table.Th>
                  {canTalk ? <Table.Th scope="col">{text.talk}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((t) => (
                  <Table.Tr key={t.territory.id}>
                    <Table.Th scope="row" fw={500}>
                      {t.territory.name}
                    </Table.Th>
                    <Table.Td>{t.quota}</Table.Td>
                    <Table.Td>{t.forwarded}</Table.Td>
                    <Table.Td>{t.waitlisted}</Table.Td>
                    <Table.Td>{t.free}</Table.Td>
                    {canTalk ? (
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => talk.open(t.territory)}
                          aria-label={text.talkTo(t.territory.name)}
                        >
                          {text.talk}
                        </Button>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row">{text.totals}</Table.Th>
                  <Table.Th>{sum((t) => t.quota)}</Table.Th>
                  <Table.Th>{sum((t) => t.forwarded)}</Table.Th>
                  <Table.Th>{sum((t) => t.waitlisted)}</Table.Th>
                  <Table.Th>{places.placesLeft}</Table.Th>
                  {canTalk ? <Table.Th /> : null}
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        )}
        <Notes places={places} />
      </Stack>
    );
  }
  return (
    <Frame courseId={courseId} source="department">
      {body}
      {talk.dialog}
    </Frame>
  );
}
