// A modal with one «Название» field (and, for a department, its code): creating or renaming a
// position or a department.
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { departmentCreate, positionCreate } from '../../contract/directory';
import { positionsText } from '../i18n/positions';
import { providersText } from '../i18n/providers';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { AppModal } from '../ui/modal';

export function NameModal({
  opened,
  onClose,
  title,
  initialName = '',
  initialCode,
  submitLabel,
  save,
  savedMessage,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  initialName?: string;
  /** A department's code (group numbers begin with it); undefined: no such field. */
  initialCode?: string | null;
  submitLabel: string;
  save: (body: { name: string; code?: string | null }) => Promise<unknown>;
  savedMessage: string;
  onSaved: () => void | Promise<void>;
}) {
  const withCode = initialCode !== undefined;
  const form = useForm({
    initialValues: { name: initialName, code: initialCode ?? '' },
    validate: zodResolver(withCode ? departmentCreate : positionCreate),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened) form.setValues({ name: initialName, code: initialCode ?? '' });
  }, [opened, initialName, initialCode]);
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
      <form
        noValidate
        onSubmit={form.onSubmit(
          (v) => mutation.mutate(withCode ? { name: v.name, code: v.code.trim() || null } : { name: v.name }),
          focusFirstInvalid,
        )}
      >
        <Stack>
          <TextInput label={positionsText.name} required data-autofocus {...form.getInputProps('name')} />
          {withCode ? (
            <TextInput
              label={providersText.departmentCode}
              description={providersText.departmentCodeDescription}
              maxLength={20}
              {...form.getInputProps('code')}
            />
          ) : null}
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
