// Sign-in by login (or the e-mail a teacher signed up with) and password.
import { Alert, Anchor, Button, Card, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type AuthResult, type LoginBody, loginBody } from '../../contract/auth';
import { ApiError, api } from '../api';
import { authText } from '../i18n/auth';
import { recoveryText } from '../i18n/recovery';
import { ru } from '../i18n/ru';
import { focusFirstInvalid, showError, zodResolver } from '../ui/forms';
import { landingPath } from '../ui/guards';
import { PageHeader } from '../ui/page';
import { useSession } from './session';

export function LoginPage() {
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<LoginBody>({
    initialValues: { login: params.get('login') ?? '', password: '' },
    validate: zodResolver(loginBody),
  });
  const mutation = useMutation({
    mutationFn: (body: LoginBody) => api.post<AuthResult>('/auth/login', body),
    onSuccess: async (result) => {
      adopt(result);
      await navigate(result.user.mustChangePassword ? '/password' : landingPath(params.get('next')), {
        replace: true,
      });
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      // A wrong pair or too many attempts is said inside the form, where the eyes are.
      if (error instanceof ApiError && (error.status === 401 || error.status === 429))
        setFailure(error.problem.detail ?? error.problem.title);
      else showError(error, form);
    },
    onMutate: () => setFailure(null),
  });

  return (
    <Stack maw={440} mx="auto" py="lg">
      <PageHeader title={authText.loginTitle} lead={authText.loginLead} />
      <Card withBorder padding="lg" radius="md">
        <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values), focusFirstInvalid)}>
          <Stack>
            {failure ? (
              <Alert color="red" title={authText.loginFailed} role="alert">
                {failure}
              </Alert>
            ) : null}
            <TextInput
              label={authText.login}
              description={authText.loginDescription}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus
              {...form.getInputProps('login')}
            />
            <PasswordInput
              label={authText.password}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Anchor component={Link} to="/recovery" size="sm" ta="right">
              {recoveryText.forgotLink}
            </Anchor>
            <Button type="submit" loading={mutation.isPending} fullWidth>
              {ru.actions.login}
            </Button>
          </Stack>
        </form>
      </Card>
      <Text size="sm" ta="center">
        {authText.noAccount}{' '}
        <Anchor component={Link} to="/signup">
          {authText.signupLink}
        </Anchor>
      </Text>
    </Stack>
  );
}
