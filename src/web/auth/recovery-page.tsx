// Password recovery by e-mail: the request for a link (the same answer whatever the address), the
// page the link opens to set a new password, and the page a confirmation link opens.
import { Alert, Anchor, Button, Card, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  type EmailConfirmResult,
  PASSWORD_RULES,
  password as passwordSchema,
  type RecoveryBody,
  type RecoveryConfirmResult,
  recoveryBody,
} from '../../contract/auth';
import { ApiError, api, keys } from '../api';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, showError, zodResolver } from '../ui/forms';
import { PageHeader } from '../ui/page';
import { PasswordStrengthMeter } from './password-strength-meter';
import { useSession } from './session';

/** The Russian reason an answer gives (a used or expired link), or null for another failure. */
const reasonOf = (error: unknown) =>
  error instanceof ApiError && error.status < 500 ? (error.problem.detail ?? error.problem.title) : null;

export function RecoveryRequestPage() {
  const [params] = useSearchParams();
  const form = useForm<RecoveryBody>({
    initialValues: { email: params.get('email') ?? '' },
    validate: zodResolver(recoveryBody),
  });
  const mutation = useMutation({
    mutationFn: (body: RecoveryBody) => api.post<{ email: string }>('/auth/recovery', body),
    onError: (error) => showError(error, form),
  });

  return (
    <Stack maw={480} mx="auto" py="lg">
      <PageHeader title={ru.recovery.requestTitle} lead={ru.recovery.requestLead} />
      <Card withBorder padding="lg" radius="md">
        {mutation.isSuccess ? (
          <Alert color="teal" title={ru.recovery.sentTitle} role="status">
            {ru.recovery.sentText(mutation.data.email)}
          </Alert>
        ) : (
          <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values), focusFirstInvalid)}>
            <Stack>
              <TextInput
                label={ru.recovery.email}
                type="email"
                autoComplete="email"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus
                {...form.getInputProps('email')}
              />
              <Button type="submit" loading={mutation.isPending} fullWidth>
                {ru.recovery.send}
              </Button>
            </Stack>
          </form>
        )}
      </Card>
      <Text size="sm" c="dimmed">
        {ru.recovery.noEmailHint}
      </Text>
      <Text size="sm" ta="center">
        <Anchor component={Link} to="/login">
          {ru.recovery.backToLogin}
        </Anchor>
      </Text>
    </Stack>
  );
}

type SetValues = { newPassword: string; repeatPassword: string };

/** The invitation of a teacher her methodist registered: the same form, its own link. */
export function InvitationPage() {
  return <RecoverySetPage invitation />;
}

export function RecoverySetPage({ invitation = false }: { invitation?: boolean }) {
  const { token = '' } = useParams();
  const form = useForm<SetValues>({
    initialValues: { newPassword: '', repeatPassword: '' },
    validate: ({ newPassword, repeatPassword }) => {
      const errors: Record<string, string> = {};
      const checked = passwordSchema.safeParse(newPassword);
      if (!checked.success) errors.newPassword = checked.error.issues[0]?.message ?? PASSWORD_RULES;
      if (repeatPassword !== newPassword) errors.repeatPassword = ru.auth.passwordsDiffer;
      return errors;
    },
  });
  const mutation = useMutation({
    mutationFn: (newPassword: string) =>
      api.post<RecoveryConfirmResult>(invitation ? '/auth/invitation/confirm' : '/auth/recovery/confirm', {
        token,
        newPassword,
      }),
    onError: (error) => {
      // A bad link is said on the page; a weak password under its field.
      if (!(error instanceof ApiError && error.fieldErrors.token)) showError(error, form);
    },
  });
  const linkFailure =
    mutation.error instanceof ApiError && mutation.error.fieldErrors.token ? reasonOf(mutation.error) : null;

  return (
    <Stack maw={480} mx="auto" py="lg">
      <PageHeader
        title={invitation ? ru.recovery.invitationTitle : ru.recovery.setTitle}
        lead={invitation ? ru.recovery.invitationLead : ru.recovery.setLead}
      />
      <Card withBorder padding="lg" radius="md">
        {mutation.isSuccess ? (
          <Stack>
            <Alert color="teal" title={ru.recovery.doneTitle} role="status">
              {ru.recovery.doneText}
            </Alert>
            <Button component={Link} to={`/login?login=${encodeURIComponent(mutation.data.login)}`}>
              {ru.actions.login}
            </Button>
          </Stack>
        ) : linkFailure ? (
          <Stack>
            <Alert color="red" title={ru.recovery.badLinkTitle} role="alert">
              {linkFailure}
            </Alert>
            <Button component={Link} to="/recovery" variant="light">
              {ru.recovery.requestAgain}
            </Button>
          </Stack>
        ) : (
          <form
            noValidate
            onSubmit={form.onSubmit(({ newPassword }) => mutation.mutate(newPassword), focusFirstInvalid)}
          >
            <Stack>
              <PasswordInput
                label={ru.auth.newPassword}
                description={PASSWORD_RULES}
                autoComplete="new-password"
                required
                autoFocus
                {...form.getInputProps('newPassword')}
              />
              <PasswordStrengthMeter password={form.values.newPassword} userInputs={[]} />
              <PasswordInput
                label={ru.auth.repeatPassword}
                autoComplete="new-password"
                required
                {...form.getInputProps('repeatPassword')}
              />
              <Button type="submit" loading={mutation.isPending}>
                {ru.recovery.save}
              </Button>
            </Stack>
          </form>
        )}
      </Card>
    </Stack>
  );
}

export function EmailConfirmPage() {
  const { token = '' } = useParams();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => api.post<EmailConfirmResult>('/auth/email/confirm', { token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.me }),
  });
  // The link is followed once, when the page opens.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    mutation.mutate();
  }, [mutation]);

  return (
    <Stack maw={480} mx="auto" py="lg">
      <PageHeader title={ru.emailConfirm.title} />
      <Card withBorder padding="lg" radius="md">
        {mutation.isSuccess ? (
          <Alert color="teal" title={ru.emailConfirm.done} role="status">
            {ru.emailConfirm.doneText(mutation.data.email)}
          </Alert>
        ) : mutation.isError ? (
          <Alert color="red" title={ru.emailConfirm.failed} role="alert">
            {reasonOf(mutation.error) ?? ru.emailConfirm.failed}
          </Alert>
        ) : (
          <Stack align="center">
            <Loader size="sm" aria-hidden />
            <Text>{ru.emailConfirm.checking}</Text>
          </Stack>
        )}
      </Card>
      {mutation.isSuccess || mutation.isError ? (
        <Button component={Link} to={me ? '/cabinet' : '/login'} variant="light">
          {me ? ru.emailConfirm.toCabinet : ru.emailConfirm.toLogin}
        </Button>
      ) : null}
    </Stack>
  );
}
