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
import { ru } from '../i18n/ru';
import { formatDate } from '../ui/format';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
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
    if (!row.date) errors[`schedule.${i}.date`] = ru.workspace.dateRequired;
  });
  return errors;
}

/** The schedule of a course that may no longer change, as text. */
function ScheduleTable({ course }: { course: Course }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs">
        <Table.Caption>{ru.workspace.scheduleCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{ru.catalog.colDate}</Table.Th>
            <Table.Th>{ru.catalog.colTime}</Table.Th>
            <Table.Th>{ru.catalog.colTopic}</Table.Th>
            <Table.Th>{ru.catalog.colRoom}</Table.Th>
            <Table.Th>{ru.catalog.colTeacher}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {course.schedule.map((d) => (
            <Table.Tr key={`${d.date} ${d.startsAt}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(d.date)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{ru.catalog.time(d.startsAt, d.endsAt)}</Table.Td>
              <Table.Td>{d.topic}</Table.Td>
              <Table.Td>{d.room ?? ru.common.none}</Table.Td>
              <Table.Td>{d.teacher ?? ru.common.none}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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
      showSuccess(ru.workspace.scheduleSaved);
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
    'aria-label': ru.workspace.rowField(label, i + 1),
    ...form.getInputProps(`schedule.${i}.${name}`),
  });
  /** A time of a row: two fields, hours and minutes, 24-hour whatever the browser's locale. */
  const time = (i: number, name: 'startsAt' | 'endsAt', label: string) => {
    const { 'aria-label': field, ...props } = cell(i, name, label);
    return {
      ...props,
      format: '24h' as const,
      hoursInputLabel: ru.workspace.timeHours(field),
      minutesInputLabel: ru.workspace.timeMinutes(field),
    };
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="course-schedule">
      <Title order={2} size="h4" id="course-schedule">
        {ru.workspace.schedule}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {ru.workspace.scheduleLead}
      </Text>
      {!canEdit ? (
        course.schedule.length > 0 ? (
          <ScheduleTable course={course} />
        ) : (
          <Text size="sm" c="dimmed">
            {ru.workspace.scheduleEmpty}
          </Text>
        )
      ) : (
        <form noValidate onSubmit={submit}>
          {rows.length === 0 ? (
            <Text size="sm" c="dimmed" mb="sm">
              {ru.workspace.scheduleEmpty}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={980}>
              <Table verticalSpacing="xs" highlightOnHover={false}>
                <Table.Caption>{ru.workspace.scheduleCaption}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={150}>{ru.catalog.colDate}</Table.Th>
                    <Table.Th w={110}>{ru.workspace.colStartsAt}</Table.Th>
                    <Table.Th w={110}>{ru.workspace.colEndsAt}</Table.Th>
                    <Table.Th>{ru.catalog.colTopic}</Table.Th>
                    <Table.Th w={150}>{ru.catalog.colRoom}</Table.Th>
                    <Table.Th w={190}>{ru.catalog.colTeacher}</Table.Th>
                    <Table.Th w={1} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row, i) => (
                    <Table.Tr key={row.key} style={{ verticalAlign: 'top' }}>
                      <Table.Td>
                        <DateField defaultDate={course.startsOn} {...cell(i, 'date', ru.catalog.colDate)} />
                      </Table.Td>
                      <Table.Td>
                        <TimePicker {...time(i, 'startsAt', ru.workspace.colStartsAt)} />
                      </Table.Td>
                      <Table.Td>
                        <TimePicker {...time(i, 'endsAt', ru.workspace.colEndsAt)} />
                      </Table.Td>
                      <Table.Td>
                        <TextInput maxLength={500} {...cell(i, 'topic', ru.catalog.colTopic)} />
                      </Table.Td>
                      <Table.Td>
                        <TextInput maxLength={200} {...cell(i, 'room', ru.catalog.colRoom)} />
                      </Table.Td>
                      <Table.Td>
                        <TextInput maxLength={300} {...cell(i, 'teacher', ru.catalog.colTeacher)} />
                      </Table.Td>
                      <Table.Td>
                        <CloseButton
                          mt={4}
                          aria-label={ru.workspace.removeDay(i + 1)}
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
              label={ru.workspace.rescheduleReason}
              description={ru.workspace.rescheduleReasonHint}
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
              {ru.workspace.addDay}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              {ru.workspace.saveSchedule}
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}
