// The forced password change after a temporary password: nothing else opens until it is done.
import { Alert, Card, Stack } from '@mantine/core';
import { useNavigate } from 'react-router';
import { authText } from '../i18n/auth';
import { PageHeader } from '../ui/page';
import { ChangePasswordForm } from './change-password-form';

export function PasswordPage() {
  const navigate = useNavigate();
  return (
    <Stack maw={480} mx="auto" py="lg">
      <PageHeader title={authText.passwordTitle} />
      <Alert color="orange">{authText.passwordForcedLead}</Alert>
      <Card withBorder padding="lg" radius="md">
        <ChangePasswordForm forced onChanged={() => navigate('/cabinet', { replace: true })} />
      </Card>
    </Stack>
  );
}
