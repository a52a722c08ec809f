// The user's own account: names, login, e-mail, roles with their scopes, and a password change;
// for a teacher also the place of work and the personal data documents about training need.
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ru } from '../i18n/ru';
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

export function ProfilePage() {
  const me = useMe();
  return (
    <>
      <PageHeader title={ru.profile.title} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" radius="md">
          <Stack>
            <Field label={ru.profile.names}>{me.fullName}</Field>
            <Field label={ru.profile.login}>{me.login}</Field>
            <Field label={ru.profile.email}>{me.email ?? ru.profile.noEmail}</Field>
            <Field label={ru.profile.roles}>
              <RoleBadges roles={me.roles} short={false} />
            </Field>
          </Stack>
        </Card>
        <Card withBorder padding="lg" radius="md">
          <Title order={2} size="h4" mb={4}>
            {ru.profile.changePasswordTitle}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {ru.profile.changePasswordLead}
          </Text>
          <ChangePasswordForm />
        </Card>
      </SimpleGrid>
      {hasRole(me, 'teacher') ? (
        <Stack mt="lg">
          <TeacherProfileCard />
        </Stack>
      ) : null}
    </>
  );
}
