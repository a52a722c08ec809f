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
import { authText } from '../i18n/auth';
import { emailConfirmText } from '../i18n/email-confirm';
import { recoveryText } from '../i18n/recovery';
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
      <PageHeader title={recoveryText.requestTitle} lead={recoveryText.requestLead} />
      <Card withBorder padding="lg" radius="md">
        {mutation.isSuccess ? (
          <Alert color="teal" title={recoveryText.sentTitle} role="status">
            {recoveryText.sentText(mutation.data.email)}
          </Alert>
        ) : (
          <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values), focusFirstInvalid)}>
            <Stack>
              <TextInput
                label={recoveryText.email}
                type="email"
                autoComplete="email"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus
                {...form.getInputProps('email')}
              />
              <Button type="submit" loading={mutation.isPending} fullWidth>
                {recoveryText.send}
              </Button>
            </Stack>
          </form>
        )}
      </Card>
      <Text size="sm" c="dimmed">
        {recoveryText.noEmailHint}
      </Text>
      <Text size="sm" ta="center">
        <Anchor component={Link} to="/login">
          {recoveryText.backToLogin}
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
      if (repeatPassword !== newPassword) errors.repeatPassword = authText.passwordsDiffer;
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
        title={invitation ? recoveryText.invitationTitle : recoveryText.setTitle}
        lead={invitation ? recoveryText.invitationLead : recoveryText.setLead}
      />
      <Card withBorder padding="lg" radius="md">
        {mutation.isSuccess ? (
          <Stack>
            <Alert color="teal" title={recoveryText.doneTitle} role="status">
              {recoveryText.doneText}
            </Alert>
            <Button component={Link} to={`/login?login=${encodeURIComponent(mutation.data.login)}`}>
              {ru.actions.login}
            </Button>
          </Stack>
        ) : linkFailure ? (
          <Stack>
            <Alert color="red" title={recoveryText.badLinkTitle} role="alert">
              {linkFailure}
            </Alert>
            <Button component={Link} to="/recovery" variant="light">
              {recoveryText.requestAgain}
            </Button>
          </Stack>
        ) : (
          <form
            noValidate
            onSubmit={form.onSubmit(({ newPassword }) => mutation.mutate(newPassword), focusFirstInvalid)}
          >
            <Stack>
              <PasswordInput
                label={authText.newPassword}
                description={PASSWORD_RULES}
                autoComplete="new-password"
                required
                autoFocus
                {...form.getInputProps('newPassword')}
              />
              <PasswordStrengthMeter password={form.values.newPassword} userInputs={[]} />
              <PasswordInput
                label={authText.repeatPassword}
                autoComplete="new-password"
                required
                {...form.getInputProps('repeatPassword')}
              />
              <Button type="submit" loading={mutation.isPending}>
                {recoveryText.save}
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
      <PageHeader title={emailConfirmText.title} />
      <Card withBorder padding="lg" radius="md">
        {mutation.isSuccess ? (
          <Alert color="teal" title={emailConfirmText.done} role="status">
            {emailConfirmText.doneText(mutation.data.email)}
          </Alert>
        ) : mutation.isError ? (
          <Alert color="red" title={emailConfirmText.failed} role="alert">
            {reasonOf(mutation.error) ?? emailConfirmText.failed}
          </Alert>
        ) : (
          <Stack align="center">
            <Loader size="sm" aria-hidden />
            <Text>{emailConfirmText.checking}</Text>
          </Stack>
        )}
      </Card>
      {mutation.isSuccess || mutation.isError ? (
        <Button component={Link} to={me ? '/cabinet' : '/login'} variant="light">
          {me ? emailConfirmText.toCabinet : emailConfirmText.toLogin}
        </Button>
      ) : null}
    </Stack>
  );
}
