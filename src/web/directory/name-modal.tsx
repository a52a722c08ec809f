// A modal with one «Название» field: creating or renaming a position or a department.
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { positionCreate } from '../../contract/directory';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { AppModal } from '../ui/modal';

export function NameModal({
  opened,
  onClose,
  title,
  initialName = '',
  submitLabel,
  save,
  savedMessage,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  initialName?: string;
  submitLabel: string;
  save: (body: { name: string }) => Promise<unknown>;
  savedMessage: string;
  onSaved: () => void | Promise<void>;
}) {
  const form = useForm({ initialValues: { name: initialName }, validate: zodResolver(positionCreate) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened) form.setValues({ name: initialName });
  }, [opened, initialName]);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      showSuccess(savedMessage);
      await onSaved();
      onClose();
    },
    onError: (error) => showError(error, form),
  });
  return (
    <AppModal opened={opened} onClose={onClose} title={title} size="md">
      <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v), focusFirstInvalid)}>
        <Stack>
          <TextInput label={ru.positions.name} required data-autofocus {...form.getInputProps('name')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {ru.actions.cancel}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
