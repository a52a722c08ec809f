// «Перенести в архив»: the button of a finished course (shown only when the server would accept it),
// with a confirmation that says what archiving means — read-only from then on, out of the baskets.
import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Course, CourseSummary } from '../../contract/catalog';
import { ru } from '../i18n/ru';
import { showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { useArchiveCourse } from './queries';

const text = ru.archive.action;

export function ArchiveAction({
  course,
}: {
  course: Pick<Course | CourseSummary, 'id' | 'status' | 'abilities'>;
}) {
  const [open, setOpen] = useState(false);
  const archive = useArchiveCourse(course.id);
  if (course.status !== 'finished' || !course.abilities.archive) return null;
  const confirm = async () => {
    try {
      await archive.mutateAsync();
      showSuccess(text.done);
      setOpen(false);
    } catch (error) {
      showError(error);
    }
  };
  return (
    <>
      <Button variant="light" onClick={() => setOpen(true)}>
        {text.button}
      </Button>
      <AppModal opened={open} onClose={() => setOpen(false)} title={text.confirmTitle} size="md">
        <Stack>
          <Text>{text.confirmText}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpen(false)}>
              {ru.actions.cancel}
            </Button>
            <Button onClick={() => void confirm()} loading={archive.isPending} data-autofocus>
              {text.confirm}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </>
  );
}
