// A new course (a draft) from a program: its dates, places and where it runs; a head may name its
// responsible manager (otherwise the manager who creates it is). The schedule, quotas and files
// are filled in on the course page, where the modal leads.
import { Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ComponentProps } from 'react';
import { useNavigate } from 'react-router';
import { type CourseCreate, courseCreate, type ProgramSummary } from '../../contract/catalog';
import type { Page } from '../../contract/common';
import { api, keys } from '../api';
import { useMe } from '../auth/session';
import { RemoteSelect } from '../directory/selects';
import { ru } from '../i18n/ru';
import { workspaceText } from '../i18n/workspace';
import { focusFirstInvalid, optional, showError, showSuccess, zodResolver } from '../ui/forms';
import { AppModal } from '../ui/modal';
import {
  CourseFields,
  type CourseValues,
  courseBody,
  emptyCourse,
  ManagerSelect,
  requireDates,
} from './course-fields';
import { useCreateCourse, useProgram } from './queries';
import { isHeadOf } from './staff';

type Values = CourseValues & { programId: string; managerId: string };

const check = zodResolver(courseCreate);

const createBody = (v: Values): CourseCreate => ({
  programId: v.programId,
  ...courseBody(v),
  schedule: [],
  ...(v.managerId ? { managerId: v.managerId } : {}),
});

/** Programs in the user's reach, searched by title; `forCourse`: only those they may start a course of. */
export function ProgramSelect({
  forCourse = false,
  ...props
}: Omit<ComponentProps<typeof RemoteSelect>, 'queryKey' | 'load'> & { forCourse?: boolean }) {
  return (
    <RemoteSelect
      {...props}
      queryKey={(q) => keys.programs.list({ q, limit: 50, for: 'select' })}
      load={async (q, signal) => {
        const page = await api.get<Page<ProgramSummary>>('/programs', { q, limit: 50 }, signal);
        return page.items
          .filter((p) => !forCourse || p.abilities.createCourse)
          .map((p) => ({ value: p.id, label: p.title }));
      }}
    />
  );
}

export function CourseCreateModal({
  opened,
  onClose,
  program,
}: {
  opened: boolean;
  onClose: () => void;
  /** The program, when the course is created from its page. */
  program?: { id: string; title: string; departmentId: string };
}) {
  const me = useMe();
  const navigate = useNavigate();
  const create = useCreateCourse();
  const form = useForm<Values>({
    initialValues: { ...emptyCourse, programId: program?.id ?? '', managerId: '' },
    validate: (values) => {
      const errors = {
        ...check(createBody(values)),
        ...requireDates(values, ['startsOn', 'endsOn', 'applyUntil']),
      };
      if (!values.programId) errors.programId = workspaceText.programRequired;
      return errors;
    },
  });
  const chosen = useProgram(program ? '' : form.values.programId);
  const departmentId = program?.departmentId ?? chosen.data?.departmentId ?? '';
  const head = !!departmentId && isHeadOf(me, departmentId);

  const submit = form.onSubmit(async (values) => {
    try {
      const saved = await create.mutateAsync(createBody(values));
      showSuccess(workspaceText.courseCreated, workspaceText.courseCreatedText);
      onClose();
      form.reset();
      await navigate(`/workspace/courses/${saved.id}`);
    } catch (error) {
      showError(error, form);
    }
  }, focusFirstInvalid);

  return (
    <AppModal opened={opened} onClose={onClose} title={workspaceText.courseCreateTitle} size="xl">
      <form noValidate onSubmit={submit}>
        <Stack>
          {program ? (
            <div>
              <Text size="sm" c="dimmed">
                {workspaceText.program}
              </Text>
              <Text fw={500}>{program.title}</Text>
            </div>
          ) : (
            <ProgramSelect
              label={workspaceText.program}
              placeholder={ru.common.searchPlaceholder}
              required
              forCourse
              {...form.getInputProps('programId')}
              onChange={(id) => {
                form.setFieldValue('programId', id);
                form.setFieldValue('managerId', '');
              }}
            />
          )}
          <CourseFields form={form} />
          {head ? (
            <ManagerSelect
              departmentId={departmentId}
              label={workspaceText.manager}
              description={workspaceText.managerDescription}
              inputWrapperOrder={optional.inputWrapperOrder}
              clearable
              {...form.getInputProps('managerId')}
            />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {ru.actions.create}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
