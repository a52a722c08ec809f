// A course's schedule as an editable table: a row per session (date, start and end, topic, room and
// teacher optional), rows added and removed, saved whole — checked by the contract's schema
// (overlaps included) before it is sent, and the server's answer lands on the cells it names.
import { Button, Card, CloseButton, Group, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type Course, courseUpdate, type ScheduleDayInput } from '../../contract/catalog';
import { catalogText } from '../i18n/catalog';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { WideTable } from '../ui/wide-table';
import { DateField } from './course-fields';
import { useCourseMutations } from './queries';
import { useSync } from './sync';

type Row = {
  key: string;
  date: string;
  startsAt: string;
  endsAt: string;
  topic: string;
  room: string;
  teacher: string;
};
type Values = { schedule: Row[] };

const check = zodResolver(courseUpdate);

const toRows = (course: Course): Row[] =>
  course.schedule.map((d) => ({ ...d, key: randomId(), room: d.room ?? '', teacher: d.teacher ?? '' }));

const toBody = (rows: Row[]): ScheduleDayInput[] => rows.map(({ key: _, ...day }) => day);

/** The day after `date` (`YYYY-MM-DD`), if it is still within the course. */
function nextDay(date: string, endsOn: string): string {
  const next = dayjs(date).add(1, 'day').format('YYYY-MM-DD');
  return next <= endsOn ? next : date;
}

function validate(values: Values) {
  const errors = check({ schedule: toBody(values.schedule) });
  values.schedule.forEach((row, i) => {
    if (!row.date) errors[`schedule.${i}.date`] = workspaceText.dateRequired;
  });
  return errors;
}

/** The schedule of a course that may no longer change, as text. */
function ScheduleTable({ course }: { course: Course }) {
  return (
    <WideTable minWidth={640} label={workspaceText.scheduleCaption}>
      <Table verticalSpacing="xs">
        <Table.Caption>{workspaceText.scheduleCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{catalogText.colDate}</Table.Th>
            <Table.Th>{catalogText.colTime}</Table.Th>
            <Table.Th>{catalogText.colTopic}</Table.Th>
            <Table.Th>{catalogText.colRoom}</Table.Th>
            <Table.Th>{catalogText.colTeacher}</Table.Th>
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
    </WideTable>
  );
}

export function ScheduleCard({ course }: { course: Course }) {
  const { update } = useCourseMutations(course.id);
  const form = useForm<Values>({ initialValues: { schedule: [] }, validate });
  useSync(course.schedule, () => {
    const values = { schedule: toRows(course) };
    form.setValues(values);
    form.resetDirty(values);
  });
  // A running course's lessons move within its dates, with a reason its history keeps.
  const moving = !course.abilities.update && course.abilities.reschedule;
  const canEdit = course.abilities.update || course.abilities.reschedule;
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const rows = form.values.schedule;

  const addRow = () => {
    const last = rows[rows.length - 1];
    form.insertListItem('schedule', {
      key: randomId(),
      date: last ? nextDay(last.date || course.startsOn, course.endsOn) : course.startsOn,
      startsAt: last?.startsAt ?? '10:00',
      endsAt: last?.endsAt ?? '13:30',
      topic: '',
      room: last?.room ?? '',
      teacher: '',
    });
  };

  const submit = form.onSubmit(async (values) => {
    setReasonError(null);
    try {
      await update.mutateAsync({ schedule: toBody(values.schedule), ...(moving ? { reason } : {}) });
      setReason('');
      showSuccess(workspaceText.scheduleSaved);
    } catch (error) {
      showError(error, {
        setErrors: (errors) => {
          const { reason: why, ...rest } = errors as Record<string, string>;
          setReasonError(why ?? null);
          form.setErrors(rest);
        },
      });
    }
  }, focusFirstInvalid);

  const cell = (i: number, name: keyof Row, label: string) => ({
    'aria-label': workspaceText.rowField(label, i + 1),
    ...form.getInputProps(`schedule.${i}.${name}`),
  });
  /** A time of a row: two fields, hours and minutes, 24-hour whatever the browser's locale. */
  const time = (i: number, name: 'startsAt' | 'endsAt', label: string) => {
    const { 'aria-label': field, ...props } = cell(i, name, label);
    return {
      ...props,
      format: '24h' as const,
      hoursInputLabel: workspaceText.timeHours(field),
      minutesInputLabel: workspaceText.timeMinutes(field),
    };
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-schedule">
      <Title order={2} size="h4" id="course-schedule">
        {workspaceText.schedule}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {workspaceText.scheduleLead}
      </Text>
      {!canEdit ? (
        course.schedule.length > 0 ? (
          <ScheduleTable course={course} />
        ) : (
          <Text size="sm" c="dimmed">
            {workspaceText.scheduleEmpty}
          </Text>
        )
      ) : (
        <form noValidate onSubmit={submit}>
          {rows.length === 0 ? (
            <Text size="sm" c="dimmed" mb="sm">
              {workspaceText.scheduleEmpty}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={980}>
              <Table verticalSpacing="xs" highlightOnHover={false}>
                <Table.Caption>{workspaceText.scheduleCaption}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={150}>{catalogText.colDate}</Table.Th>
                    <Table.Th w={110}>{workspaceText.colStartsAt}</Table.Th>
                    <Table.Th w={110}>{workspaceText.colEndsAt}</Table.Th>
                    <Table.Th>{catalogText.colTopic}</Table.Th>
                    <Table.Th w={150}>{catalogText.colRoom}</Table.Th>
                    <Table.Th w={190}>{catalogText.colTeacher}</Table.Th>
                    <Table.Th w={1} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row, i) => (
                    <Table.Tr key={row.key} style={{ verticalAlign: 'top' }}>
                      <Table.Td>
                        <DateField defaultDate={course.startsOn} {...cell(i, 'date', catalogText.colDate)} />
                      </Table.Td>
                      <Table.Td>
                        <TimePicker {...time(i, 'startsAt', workspaceText.colStartsAt)} />
                      </Table.Td>
                      <Table.Td>
                        <TimePicker {...time(i, 'endsAt', workspaceText.colEndsAt)} />
                      </Table.Td>
                      <Table.Td>
                        <TextInput maxLength={500} {...cell(i, 'topic', catalogText.colTopic)} />
                      </Table.Td>
                      <Table.Td>
                        <TextInput maxLength={200} {...cell(i, 'room', catalogText.colRoom)} />
                      </Table.Td>
                      <Table.Td>
                        <TextInput maxLength={300} {...cell(i, 'teacher', catalogText.colTeacher)} />
                      </Table.Td>
                      <Table.Td>
                        <CloseButton
                          mt={4}
                          aria-label={workspaceText.removeDay(i + 1)}
                          onClick={() => form.removeListItem('schedule', i)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {moving ? (
            <Textarea
              mt="sm"
              label={workspaceText.rescheduleReason}
              description={workspaceText.rescheduleReasonHint}
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              error={reasonError}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          ) : null}
          <Group justify="space-between" mt="sm">
            <Button variant="light" onClick={addRow}>
              {workspaceText.addDay}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              {workspaceText.saveSchedule}
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}
