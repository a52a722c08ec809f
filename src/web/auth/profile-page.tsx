// The user's own account: names, login, e-mail, roles with their scopes, and a password change;
// which notices come by e-mail; for a teacher also the place of work and the personal data
// documents about training need.
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { EmailConfirmResult } from '../../contract/auth';
import { api } from '../api';
import { emailConfirmText } from '../i18n/email-confirm';
import { profileText } from '../i18n/profile';
import { NotificationSettingsCard } from '../notifications/settings-card';
import { showError, showSuccess } from '../ui/forms';
import { PageHeader } from '../ui/page';
import { RoleBadges } from '../ui/role-badges';
import { ChangePasswordForm } from './change-password-form';
import { hasRole, useMe } from './session';
import { TeacherProfileCard } from './teacher-profile';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </Stack>
  );
}

/** The address and whether it is confirmed; while not, a new confirmation link on request. */
function EmailState() {
  const me = useMe();
  const resend = useMutation({
    mutationFn: () => api.post<EmailConfirmResult>('/auth/email/confirmation'),
    onSuccess: (result) => showSuccess(emailConfirmText.resent, emailConfirmText.resentText(result.email)),
    onError: (error) => showError(error),
  });
  if (!me.email) return <>{profileText.noEmail}</>;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <span>{me.email}</span>
        <Badge color={me.emailConfirmed ? 'teal' : 'orange'} variant="light" data-testid="email-state">
          {me.emailConfirmed ? emailConfirmText.confirmed : emailConfirmText.unconfirmed}
        </Badge>
      </Group>
      {me.emailConfirmed ? null : (
        <Alert color="orange" p="xs">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{emailConfirmText.unconfirmedHint}</Text>
            <Button size="xs" variant="light" loading={resend.isPending} onClick={() => resend.mutate()}>
              {emailConfirmText.resend}
            </Button>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

export function ProfilePage() {
  const me = useMe();
  return (
    <>
      <PageHeader title={profileText.title} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" radius="md">
          <Stack>
            <Field label={profileText.names}>{me.fullName}</Field>
            <Field label={profileText.login}>{me.login}</Field>
            <Field label={profileText.email}>
              <EmailState />
            </Field>
            <Field label={profileText.roles}>
              <RoleBadges roles={me.roles} short={false} />
            </Field>
          </Stack>
        </Card>
        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4" mb={4}>
            {profileText.changePasswordTitle}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {profileText.changePasswordLead}
          </Text>
          <ChangePasswordForm />
        </Card>
      </SimpleGrid>
      <Stack mt="lg">
        {hasRole(me, 'teacher') ? <TeacherProfileCard /> : null}
        <NotificationSettingsCard />
      </Stack>
    </>
  );
}
