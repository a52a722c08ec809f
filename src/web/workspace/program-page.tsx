// One program: its fields (editable by the department's staff), its files, and its courses with
// the button that starts a new one.
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Program } from '../../contract/catalog';
import { ApiError } from '../api';
import { workspaceText } from '../i18n/workspace';
import { focusFirstInvalid, showError, showSuccess } from '../ui/forms';
import { ListState } from '../ui/list';
import { LoadError, PageHeader, PageLoader } from '../ui/page';
import { SaveOrReadOnly } from '../ui/save-bar';
import { CourseCreateModal } from './course-create-modal';
import { CourseTable } from './courses-page';
import { FilesCard } from './files-card';
import {
  emptyProgram,
  ProgramFields,
  type ProgramValues,
  programUpdateBody,
  programValues,
  validateProgram,
} from './program-fields';
import { useCourses, useProgram, useUpdateProgram } from './queries';
import { useSync } from './sync';

function ProgramCard({ program }: { program: Program }) {
  const update = useUpdateProgram(program.id);
  const form = useForm<ProgramValues>({ initialValues: emptyProgram, validate: validateProgram });
  useSync(programValues(program), () => {
    form.setValues(programValues(program));
    form.resetDirty(programValues(program));
  });
  const canEdit = program.abilities.update;
  const submit = form.onSubmit(async (values) => {
    try {
      await update.mutateAsync(programUpdateBody(values));
      showSuccess(workspaceText.programUpdated);
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="program-card">
      <Title order={2} size="h4" mb="md" id="program-card">
        {workspaceText.program}
      </Title>
      <form noValidate onSubmit={submit}>
        <Stack>
          <ProgramFields form={form} readOnly={!canEdit} />
          <SaveOrReadOnly
            canEdit={canEdit}
            saving={update.isPending}
            dirty={form.isDirty()}
            readOnlyNote={workspaceText.programReadOnly}
          />
        </Stack>
      </form>
    </Card>
  );
}

function ProgramCourses({ program }: { program: Program }) {
  const query = useCourses({ programId: program.id, limit: 10 });
  const [creating, setCreating] = useState(false);
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="program-courses">
      <Group justify="space-between" mb="sm" align="flex-start">
        <Title order={2} size="h4" id="program-courses">
          {workspaceText.programCourses}
        </Title>
        <Group gap="sm">
          {program.coursesCount > 0 ? (
            <Button
              component={Link}
              to={`/workspace/courses?programId=${program.id}`}
              variant="subtle"
              size="sm"
            >
              {workspaceText.allProgramCourses}
            </Button>
          ) : null}
          {program.abilities.createCourse ? (
            <Button size="sm" onClick={() => setCreating(true)}>
              {workspaceText.addCourse}
            </Button>
          ) : null}
        </Group>
      </Group>
      {program.coursesCount === 0 ? (
        <Text size="sm" c="dimmed">
          {workspaceText.noCourses}
        </Text>
      ) : (
        <ListState query={query} filtered={false}>
          {(items) => <CourseTable items={items} program={false} />}
        </ListState>
      )}
      {program.abilities.createCourse ? (
        <CourseCreateModal opened={creating} onClose={() => setCreating(false)} program={program} />
      ) : null}
    </Card>
  );
}

export function ProgramPage() {
  const { id = '' } = useParams();
  const query = useProgram(id);
  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError && query.error instanceof ApiError && query.error.status === 404)
    body = <PageHeader title={workspaceText.programNotFound} lead={workspaceText.programNotFoundText} />;
  else if (query.isError || !query.data)
    body = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const program = query.data;
    body = (
      <>
        <PageHeader title={program.title} lead={`${program.departmentName} · ${program.providerName}`} />
        <Stack gap="lg">
          <ProgramCourses program={program} />
          <ProgramCard program={program} />
          <FilesCard
            owner="programs"
            ownerId={program.id}
            files={program.files}
            canEdit={program.abilities.editFiles}
            lead={workspaceText.programFilesLead}
          />
        </Stack>
      </>
    );
  }
  return (
    <Stack gap={0}>
      {body}
      <div>
        <Button component={Link} to="/workspace/programs" variant="subtle" mt="lg">
          {workspaceText.backToPrograms}
        </Button>
      </div>
    </Stack>
  );
}
