// Current password plus the new one twice; used by the forced change and by the profile.
import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import {
  type AuthResult,
  type ChangePasswordBody,
  changePasswordBody,
  PASSWORD_RULES,
} from '../../contract/auth';
import { api } from '../api';
import { authText } from '../i18n/auth';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, showError, showSuccess, zodResolver } from '../ui/forms';
import { PasswordStrengthMeter } from './password-strength-meter';
import { useSession } from './session';

type Values = { currentPassword: string; newPassword: string; repeatPassword: string };

const validateBody = zodResolver(changePasswordBody);

export function ChangePasswordForm({
  forced = false,
  onChanged,
}: {
  forced?: boolean;
  onChanged?: () => void | Promise<void>;
}) {
  const { adopt, me } = useSession();
  const form = useForm<Values>({
    initialValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
    validate: ({ repeatPassword, ...body }) => {
      const errors = validateBody(body);
      if (!errors.newPassword && body.newPassword === body.currentPassword && body.currentPassword)
        errors.newPassword = authText.samePassword;
      if (repeatPassword !== body.newPassword) errors.repeatPassword = authText.passwordsDiffer;
      return errors;
    },
  });
  const mutation = useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post<AuthResult>('/auth/password', body),
    onSuccess: async (result) => {
      adopt(result);
      form.reset();
      showSuccess(authText.passwordChanged, authText.passwordChangedText);
      await onChanged?.();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(
        ({ currentPassword, newPassword }) => mutation.mutate({ currentPassword, newPassword }),
        focusFirstInvalid,
      )}
    >
      <Stack>
        <PasswordInput
          label={authText.currentPassword}
          description={forced ? authText.currentPasswordDescription : undefined}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label={authText.newPassword}
          description={PASSWORD_RULES}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordStrengthMeter password={form.values.newPassword} userInputs={me ? [me.login] : []} />
        <PasswordInput
          label={authText.repeatPassword}
          autoComplete="new-password"
          required
          {...form.getInputProps('repeatPassword')}
        />
        <Button type="submit" loading={mutation.isPending}>
          {forced ? ru.actions.save : authText.changePassword}
        </Button>
      </Stack>
    </form>
  );
}
