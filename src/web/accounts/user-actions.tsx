// Row actions on an account: block / unblock after a confirmation, and a password reset whose
// temporary password is shown once (the stored password is never shown to anyone).
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { PasswordResetResult, User } from '../../contract/accounts';
import { ru } from '../i18n/ru';
import { usersText } from '../i18n/users';
import { showError, showSuccess } from '../ui/forms';
import { AppModal } from '../ui/modal';
import { useBlockUser, useResetPassword } from './queries';

type Pending = { kind: 'block' | 'unblock' | 'reset'; user: User } | null;

export function useUserActions() {
  const [pending, setPending] = useState<Pending>(null);
  const [reset, setReset] = useState<PasswordResetResult | null>(null);
  const block = useBlockUser();
  const resetPassword = useResetPassword();

  const confirm = async () => {
    if (!pending) return;
    try {
      if (pending.kind === 'reset') {
        const result = await resetPassword.mutateAsync(pending.user.id);
        setPending(null);
        setReset(result);
      } else {
        await block.mutateAsync({ id: pending.user.id, block: pending.kind === 'block' });
        showSuccess(pending.kind === 'block' ? usersText.blockedDone : usersText.unblockedDone);
        setPending(null);
      }
    } catch (error) {
      showError(error);
    }
  };

  const title =
    pending?.kind === 'block'
      ? usersText.blockTitle
      : pending?.kind === 'unblock'
        ? usersText.unblockTitle
        : usersText.resetTitle;
  const text = !pending
    ? ''
    : pending.kind === 'block'
      ? usersText.blockText(pending.user.fullName, pending.user.sex)
      : pending.kind === 'unblock'
        ? usersText.unblockText(pending.user.fullName)
        : usersText.resetText(pending.user.fullName);
  const confirmLabel =
    pending?.kind === 'block'
      ? usersText.block
      : pending?.kind === 'unblock'
        ? usersText.unblock
        : usersText.resetPassword;

  const dialogs = (
    <>
      <AppModal opened={pending !== null} onClose={() => setPending(null)} title={title} size="md">
        <Stack>
          <Text>{text}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setPending(null)} data-autofocus>
              {ru.actions.cancel}
            </Button>
            <Button
              color={pending?.kind === 'unblock' ? 'primary' : 'red'}
              loading={block.isPending || resetPassword.isPending}
              onClick={() => void confirm()}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </AppModal>
      <AppModal
        opened={reset !== null}
        onClose={() => setReset(null)}
        title={usersText.temporaryTitle}
        size="md"
        closeOnClickOutside={false}
      >
        {reset ? (
          <Stack>
            <Text>{usersText.temporaryLead(reset.user.fullName, reset.user.login)}</Text>
            <Stack gap={4}>
              <Text size="sm" c="dimmed" id="temporary-password-label">
                {usersText.temporaryPassword}
              </Text>
              <Group gap="sm" wrap="nowrap">
                <Code
                  fz="xl"
                  p="sm"
                  aria-labelledby="temporary-password-label"
                  data-testid="temporary-password"
                  style={{ userSelect: 'all', letterSpacing: '0.05em', flex: 1 }}
                >
                  {reset.temporaryPassword}
                </Code>
                <CopyButton value={reset.temporaryPassword} timeout={2000}>
                  {({ copied, copy }) => (
                    <Button
                      variant={copied ? 'filled' : 'light'}
                      color={copied ? 'teal' : 'primary'}
                      onClick={copy}
                    >
                      {copied ? ru.actions.copied : ru.actions.copy}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
            <Alert color="orange" variant="light">
              <Text size="sm">{usersText.temporaryOnce}</Text>
            </Alert>
            <Text size="sm">{usersText.temporaryMustChange}</Text>
            <Group justify="flex-end">
              <Button onClick={() => setReset(null)}>{ru.actions.close}</Button>
            </Group>
          </Stack>
        ) : null}
      </AppModal>
    </>
  );

  return {
    dialogs,
    askBlock: (user: User) => setPending({ kind: 'block', user }),
    askUnblock: (user: User) => setPending({ kind: 'unblock', user }),
    askReset: (user: User) => setPending({ kind: 'reset', user }),
  };
}
