// The profile's «Уведомления»: a checkbox per group of notices that reaches the user's roles — on
// means it comes by e-mail too (in the Bank every notice always comes). The methodist's new
// applications come as one letter a day.
import { Alert, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { NoticeSettingKey } from '../../contract/notifications';
import { useMe } from '../auth/session';
import { notificationsText } from '../i18n/notifications';
import { showError, showSuccess } from '../ui/forms';
import { LoadError } from '../ui/page';
import { useNotificationSettings, useSaveNotificationSettings } from './queries';

const text = notificationsText.settings;

export function NotificationSettingsCard() {
  const me = useMe();
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  const [email, setEmail] = useState<Partial<Record<NoticeSettingKey, boolean>>>({});
  useEffect(() => {
    if (settings.data) setEmail(Object.fromEntries(settings.data.items.map((i) => [i.key, i.email])));
  }, [settings.data]);
  const items = settings.data?.items ?? [];
  const changed = Object.fromEntries(
    items
      .filter((i) => email[i.key] !== undefined && email[i.key] !== i.email)
      .map((i) => [i.key, email[i.key]]),
  ) as Partial<Record<NoticeSettingKey, boolean>>;
  const dirty = Object.keys(changed).length > 0;

  return (
    <Card
      withBorder
      padding="lg"
      radius="md"
      component="section"
      aria-labelledby="notification-settings-title"
    >
      <Title order={2} size="h4" mb={4} id="notification-settings-title">
        {text.title}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {text.lead}
      </Text>
      {settings.isError ? <LoadError error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.data && items.length === 0 ? <Text size="sm">{text.none}</Text> : null}
      {items.length > 0 ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(
              { email: changed },
              { onSuccess: () => showSuccess(text.saved), onError: (error) => showError(error) },
            );
          }}
        >
          <Stack gap="sm">
            {me.emailConfirmed ? null : (
              <Alert color="orange" p="xs">
                {text.noEmail}
              </Alert>
            )}
            {items.map((item) => (
              <Checkbox
                key={item.key}
                label={text.labels[item.key]}
                description={item.delivery === 'digest' ? text.digest : undefined}
                checked={email[item.key] ?? item.email}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setEmail((was) => ({ ...was, [item.key]: checked }));
                }}
              />
            ))}
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} disabled={!dirty}>
                {text.save}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Card>
  );
}
