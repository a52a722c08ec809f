// The «Документы курса» card of the course's «Документы» tab: the orders, the group list, the
// attendance sheet, the final assessment record and the register of documents, each a plain link
// (the browser saves it under the name the server gives). Without a group the group's documents
// are disabled, with the reason said.
import { Button, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { certificatesText } from '../i18n/certificates';
import { fileUrl } from './queries';

/** The documents and whether each needs the course's group. */
const DOCUMENTS: { kind: string; needsGroup: boolean }[] = [
  { kind: 'enrolment-order.docx', needsGroup: true },
  { kind: 'completion-order.docx', needsGroup: true },
  { kind: 'group-list.xlsx', needsGroup: true },
  { kind: 'attendance-sheet.pdf', needsGroup: true },
  { kind: 'final-record.pdf', needsGroup: true },
  { kind: 'certificate-register.xlsx', needsGroup: false },
];

export function CourseDocumentsCard({ courseId, groups }: { courseId: string; groups: string[] }) {
  const noGroup = groups.length === 0;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-documents-title">
      <Title order={2} size="h4" id="course-documents-title">
        {certificatesText.courseDocsTitle}
      </Title>
      <Text size="sm" c="dimmed" maw={720} mb="sm">
        {certificatesText.courseDocsLead}
      </Text>
      {noGroup ? (
        <Text size="sm" c="orange.9" mb="sm" id="course-documents-no-group">
          {certificatesText.courseDocsNoGroup}
        </Text>
      ) : (
        <Text size="sm" mb="sm">
          {certificatesText.courseDocsGroups(groups.join(', '))}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        {DOCUMENTS.map(({ kind, needsGroup }) =>
          needsGroup && noGroup ? (
            <Button key={kind} variant="default" disabled aria-describedby="course-documents-no-group">
              {certificatesText.courseDocs[kind]}
            </Button>
          ) : (
            <Button key={kind} component="a" href={fileUrl.courseDocument(courseId, kind)} variant="default">
              {certificatesText.courseDocs[kind]}
            </Button>
          ),
        )}
      </SimpleGrid>
    </Card>
  );
}
