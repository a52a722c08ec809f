// A teacher's self-sign-up: names, place of work (territory → organization), position, and the
// consent to personal-data processing; the e-mail becomes the login.
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Fieldset,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  type AuthResult,
  PASSWORD_RULES,
  type SignupBody,
  type SignupResult,
  signupBody,
} from '../../contract/auth';
import { ApiError, api } from '../api';
import { OrganizationSelect, PositionSelect, TerritorySelect } from '../directory/selects';
import { authText } from '../i18n/auth';
import { recoveryText } from '../i18n/recovery';
import { ru } from '../i18n/ru';
import { usersText } from '../i18n/users';
import { focusFirstInvalid, optional, showError, showSuccess, zodResolver } from '../ui/forms';
import { PageHeader } from '../ui/page';
import { PasswordStrengthMeter } from './password-strength-meter';
import { useSession } from './session';

type Values = {
  email: string;
  password: string;
  lastName: string;
  firstName: string;
  middleName: string;
  territoryId: string;
  organizationId: string;
  position: string;
  subject: string;
  personalDataConsent: boolean;
};

const validateBody = zodResolver(signupBody);

export function SignupPage() {
  const { adopt } = useSession();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: {
      email: '',
      password: '',
      lastName: '',
      firstName: '',
      middleName: '',
      territoryId: '',
      organizationId: '',
      position: '',
      subject: '',
      personalDataConsent: false,
    },
    validate: ({ territoryId, ...body }) => {
      const errors = validateBody(body);
      if (!territoryId) errors.territoryId = authText.territoryRequired;
      if (!body.organizationId) errors.organizationId = usersText.organizationRequired;
      if (!body.position) errors.position = usersText.positionRequired;
      return errors;
    },
  });

  // The answer to a sign-up is the same whether the address was new or already known; then the
  // teacher is signed in with what she typed. When that does not work (the address belonged to an
  // account already, whose owner has been told by mail), the page says to look in the mail.
  const [sentTo, setSentTo] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: async (body: SignupBody) => {
      const { email } = await api.post<SignupResult>('/auth/signup', body);
      try {
        return await api.post<AuthResult>('/auth/login', { login: email, password: body.password });
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 429))
          return { sentTo: email };
        throw error;
      }
    },
    onSuccess: async (result) => {
      if ('sentTo' in result) {
        setSentTo(result.sentTo);
        return;
      }
      adopt(result);
      showSuccess(authText.signedUp, authText.signedUpText);
      await navigate('/cabinet', { replace: true });
    },
    onError: (error) => showError(error, form),
  });

  const submit = form.onSubmit(({ territoryId: _territory, ...body }) => {
    mutation.mutate({ ...body, personalDataConsent: true });
  }, focusFirstInvalid);

  if (sentTo)
    return (
      <Stack maw={560} mx="auto" py="lg">
        <PageHeader title={authText.signupTitle} />
        <Alert color="teal" title={recoveryText.signupSentTitle} role="status">
          {recoveryText.signupSentText(sentTo)}
        </Alert>
        <Text size="sm" ta="center">
          <Anchor component={Link} to="/login">
            {recoveryText.backToLogin}
          </Anchor>
        </Text>
      </Stack>
    );

  return (
    <Stack maw={720} mx="auto" py="lg">
      <PageHeader title={authText.signupTitle} lead={authText.signupLead} />
      <Card withBorder padding="lg" radius="md">
        <form noValidate onSubmit={submit}>
          <Stack gap="lg">
            <Fieldset legend={authText.personSection} variant="unstyled">
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={authText.lastName}
                  autoComplete="family-name"
                  required
                  {...form.getInputProps('lastName')}
                />
                <TextInput
                  label={authText.firstName}
                  autoComplete="given-name"
                  required
                  {...form.getInputProps('firstName')}
                />
                <TextInput
                  label={authText.middleName}
                  {...optional}
                  autoComplete="additional-name"
                  {...form.getInputProps('middleName')}
                />
              </SimpleGrid>
            </Fieldset>

            <Fieldset legend={authText.workSection} variant="unstyled">
              <Stack>
                <TerritorySelect
                  label={authText.territory}
                  description={authText.territoryDescription}
                  required
                  {...form.getInputProps('territoryId')}
                  onChange={(value) => {
                    form.setFieldValue('territoryId', value);
                    form.setFieldValue('organizationId', '');
                  }}
                />
                <OrganizationSelect
                  label={authText.organization}
                  description={authText.organizationDescription}
                  required
                  territoryId={form.values.territoryId}
                  {...form.getInputProps('organizationId')}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <PositionSelect label={authText.position} required {...form.getInputProps('position')} />
                  <TextInput label={authText.subject} {...optional} {...form.getInputProps('subject')} />
                </SimpleGrid>
              </Stack>
            </Fieldset>

            <Fieldset legend={authText.accountSection} variant="unstyled">
              <Stack>
                <TextInput
                  type="email"
                  label={authText.email}
                  description={authText.emailDescription}
                  autoComplete="email"
                  required
                  {...form.getInputProps('email')}
                />
                <PasswordInput
                  label={authText.password}
                  description={PASSWORD_RULES}
                  autoComplete="new-password"
                  required
                  {...form.getInputProps('password')}
                />
                <PasswordStrengthMeter
                  password={form.values.password}
                  userInputs={[form.values.email, form.values.lastName, form.values.firstName]}
                />
              </Stack>
            </Fieldset>

            <Checkbox
              label={authText.consent}
              description={authText.consentDescription}
              required
              {...form.getInputProps('personalDataConsent', { type: 'checkbox' })}
            />

            <Button type="submit" loading={mutation.isPending} size="md">
              {ru.actions.signup}
            </Button>
          </Stack>
        </form>
      </Card>
      <Text size="sm" ta="center">
        {authText.haveAccount}{' '}
        <Anchor component={Link} to="/login">
          {authText.loginLink}
        </Anchor>
      </Text>
    </Stack>
  );
}
