// The course's groups (Группы обучающихся): who waits to be enrolled with their first-day mark,
// forming a group of all present or of those chosen — after a preview of who ends how — and the
// groups with their learners and numbers (editable by the staff until the course is archived).
import { Alert, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import type { CourseGroups, Learner, StudyGroup } from '../../contract/groups';
import { ApiError } from '../api';
import { groupsText } from '../i18n/groups';
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { LoadError, PageLoader } from '../ui/page';
import { firstDayColumn, LearnersTable, statusColumn, toggleSet } from './learners-table';
import { useCourseGroups, useFormGroup, useRenumberGroup } from './queries';

const text = groupsText;

const present = (l: Learner) => l.status === 'forwarded' && l.firstDay === 'present';

/** Who ends how if a group is formed of `chosen` (none: every present learner). */
export function previewOf(data: CourseGroups, chosen: ReadonlySet<string>) {
  const first = data.groups.length === 0;
  const enrol = data.waiting.filter((l) => present(l) && (chosen.size === 0 || chosen.has(l.applicationId)));
  const stay = data.waiting.filter((l) => present(l) && !enrol.includes(l));
  const noShow = first ? data.waiting.filter((l) => l.status === 'forwarded' && !present(l)) : [];
  const withdrawn = first ? data.waiting.filter((l) => l.status === 'waitlisted') : [];
  return { first, enrol, stay, noShow, withdrawn, submitted: first ? data.submitted : 0 };
}

function Names({ learners }: { learners: Learner[] }) {
  if (learners.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {text.nobody}
      </Text>
    );
  return (
    <List size="sm" spacing={2}>
      {learners.map((l) => (
        <List.Item key={l.applicationId}>
          {l.teacherName} — {l.organizationName}
        </List.Item>
      ))}
    </List>
  );
}

function FormDialog({
  data,
  chosen,
  opened,
  onClose,
  onFormed,
}: {
  data: CourseGroups;
  chosen: ReadonlySet<string>;
  opened: boolean;
  onClose: () => void;
  onFormed: () => void;
}) {
  const formGroup = useFormGroup(data.course.id);
  const preview = previewOf(data, chosen);
  const [problems, setProblems] = useState<string[]>([]);
  const form = useForm({
    initialValues: { number: data.nextNumber ?? '' },
    validate: { number: (v) => (v.trim() ? null : text.numberRequired) },
  });
  const submit = form.onSubmit(async ({ number }) => {
    setProblems([]);
    try {
      const created = await formGroup.mutateAsync({
        number: number.trim(),
        ...(chosen.size > 0 ? { applicationIds: [...chosen] } : {}),
      });
      showSuccess(text.formed(created.number), text.formedText(created.applicationIds.length));
      onFormed();
    } catch (error) {
      if (error instanceof ApiError) setProblems(Object.values(error.fieldErrors).filter((m) => m));
      showError(error, form);
    }
  }, focusFirstInvalid);
  return (
    <AppModal opened={opened} onClose={onClose} title={text.previewTitle} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text size="sm">{preview.first ? text.previewFirst : text.previewNext}</Text>
          <TextInput
            label={text.number}
            description={text.numberDescription}
            required
            maxLength={40}
            data-autofocus
            {...form.getInputProps('number')}
          />
          <section aria-label={text.willEnrol(preview.enrol.length)}>
            <Text fw={600} size="sm" mb={4}>
              {text.willEnrol(preview.enrol.length)}
            </Text>
            <Names learners={preview.enrol} />
          </section>
          {preview.stay.length > 0 ? (
            <section aria-label={text.willStay(preview.stay.length)}>
              <Text fw={600} size="sm" mb={4}>
                {text.willStay(preview.stay.length)}
              </Text>
              <Names learners={preview.stay} />
            </section>
          ) : null}
          {preview.first ? (
            <>
              <section aria-label={text.willNoShow(preview.noShow.length)}>
                <Text fw={600} size="sm" mb={4}>
                  {text.willNoShow(preview.noShow.length)}
                </Text>
                <Names learners={preview.noShow} />
              </section>
              <section aria-label={text.willWithdraw(preview.withdrawn.length)}>
                <Text fw={600} size="sm" mb={4}>
                  {text.willWithdraw(preview.withdrawn.length)}
                  {preview.submitted > 0 ? ` ${text.willWithdrawSubmitted(preview.submitted)}` : ''}
                </Text>
                <Names learners={preview.withdrawn} />
              </section>
            </>
          ) : null}
          {problems.length > 0 ? (
            <Alert color="red" role="alert">
              <List size="sm">
                {problems.map((p) => (
                  <List.Item key={p}>{p}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={formGroup.isPending} disabled={preview.enrol.length === 0}>
              {text.confirmForm}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

function NumberEditor({ group, onDone }: { group: StudyGroup; onDone: () => void }) {
  const renumber = useRenumberGroup();
  const form = useForm({
    initialValues: { number: group.number },
    validate: { number: (v) => (v.trim() ? null : text.numberRequired) },
  });
  const submit = form.onSubmit(async ({ number }) => {
    try {
      await renumber.mutateAsync({ id: group.id, number: number.trim() });
      showSuccess(text.numberSaved);
      onDone();
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);
  return (
    <form noValidate onSubmit={submit}>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={text.editNumberOf(group.number)}
          required
          maxLength={40}
          data-autofocus
          {...form.getInputProps('number')}
        />
        <Button type="submit" loading={renumber.isPending}>
          {text.saveNumber}
        </Button>
        <Button variant="default" onClick={onDone}>
          {ru.actions.cancel}
        </Button>
      </Group>
    </form>
  );
}

function GroupCard({ group }: { group: StudyGroup }) {
  const [editing, setEditing] = useState(false);
  const titleId = `group-${group.id}`;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5" id={titleId}>
          {text.groupTitle(group.number)}
        </Title>
        <Group gap="sm">
          <Text size="sm" c="dimmed">
            {text.learnersCount(group.learners.length)}
          </Text>
          {group.abilities.update && !editing ? (
            <Button variant="subtle" size="xs" onClick={() => setEditing(true)}>
              {text.editNumber}
            </Button>
          ) : null}
        </Group>
      </Group>
      {editing ? (
        <Stack mb="md">
          <NumberEditor group={group} onDone={() => setEditing(false)} />
        </Stack>
      ) : null}
      <LearnersTable
        learners={group.learners}
        label={text.groupTitle(group.number)}
        columns={[statusColumn]}
      />
    </Card>
  );
}

export function GroupsTab({ courseId }: { courseId: string }) {
  const query = useCourseGroups(courseId);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [previewing, setPreviewing] = useState(false);
  const data = query.data;
  const offered = useMemo(() => new Set(data?.waiting.filter(present).map((l) => l.applicationId)), [data]);
  // Only those still offered stay chosen.
  const kept = new Set([...chosen].filter((id) => offered.has(id)));
  if (query.isPending) return <PageLoader />;
  if (query.isError || !data) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const staff = data.formBlocked !== null || data.abilities.form;
  return (
    <Stack gap="lg">
      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="groups-waiting">
        <Title order={2} size="h4" id="groups-waiting" mb={4}>
          {text.waitingTitle}
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          {text.waitingLead(formatDate(data.course.startsOn))}
        </Text>
        <Stack gap="md">
          {data.formBlocked ? (
            <Alert color="gray" variant="light">
              {data.formBlocked}
            </Alert>
          ) : null}
          {!staff ? (
            <Text size="sm" c="dimmed">
              {text.readOnly}
            </Text>
          ) : null}
          {data.waiting.length === 0 ? (
            <Text size="sm" c="dimmed">
              {text.waitingEmpty}
            </Text>
          ) : (
            <LearnersTable
              learners={data.waiting}
              label={text.waitingTitle}
              columns={[firstDayColumn, statusColumn]}
              choosable={data.abilities.form ? present : undefined}
              chosen={kept}
              onChoose={(ids, on) => setChosen(toggleSet(kept, ids, on))}
            />
          )}
          {data.submitted > 0 ? (
            <Text size="sm" c="dimmed">
              {text.submittedLeft(data.submitted)}
            </Text>
          ) : null}
          {data.abilities.form ? (
            <Group>
              <Button onClick={() => setPreviewing(true)} disabled={offered.size === 0}>
                {kept.size > 0 ? text.formChosen(kept.size) : text.formAll}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Card>
      <Stack gap="md" component="section" aria-labelledby="groups-list">
        <div>
          <Title order={2} size="h4" id="groups-list">
            {text.groupsTitle}
          </Title>
          <Text size="sm" c="dimmed">
            {text.groupsLead}
          </Text>
        </div>
        {data.groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            {text.noGroups}
          </Text>
        ) : (
          data.groups.map((g) => <GroupCard key={g.id} group={g} />)
        )}
      </Stack>
      {previewing ? (
        <FormDialog
          data={data}
          chosen={kept}
          opened
          onClose={() => setPreviewing(false)}
          onFormed={() => {
            setPreviewing(false);
            setChosen(new Set());
          }}
        />
      ) : null}
    </Stack>
  );
}
