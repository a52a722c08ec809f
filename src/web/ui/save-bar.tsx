// The end of an edit form: the save button for those who may edit (enabled once something
// changed), otherwise a note saying why the form is read-only.
import { Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ru } from '../i18n/ru';

export function SaveOrReadOnly(props: {
  canEdit: boolean;
  saving: boolean;
  dirty: boolean;
  readOnlyNote: ReactNode;
}) {
  return props.canEdit ? (
    <Group justify="flex-end">
      <Button type="submit" loading={props.saving} disabled={!props.dirty}>
        {ru.actions.save}
      </Button>
    </Group>
  ) : (
    <Text size="sm" c="dimmed">
      {props.readOnlyNote}
    </Text>
  );
}
