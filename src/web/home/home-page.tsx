// The visitor's first screen: what the Bank is, and the ways in (sign in, sign up, the catalog).
import { Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { homeText } from '../i18n/home';
import { ru } from '../i18n/ru';
import { useDocumentTitle } from '../ui/page';

export function HomePage() {
  const { me } = useSession();
  useDocumentTitle(homeText.title);
  return (
    <Stack gap="xl" py="lg">
      <Stack gap="md" maw={760}>
        <Title order={1} fz={{ base: 28, sm: 38 }}>
          {ru.app.fullName}
        </Title>
        <Text size="xl" fw={500}>
          {homeText.lead}
        </Text>
        <Text>{homeText.text}</Text>
        {me ? (
          <Stack gap="sm" align="flex-start">
            <Text>{homeText.signedInAs(me.fullName)}</Text>
            <Group gap="sm">
              <Button component={Link} to={me.mustChangePassword ? '/password' : '/cabinet'} size="md">
                {ru.actions.toCabinet}
              </Button>
              <Button component={Link} to="/catalog" size="md" variant="default">
                {homeText.catalog}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="xs" align="flex-start">
            <Group gap="sm">
              <Button component={Link} to="/login" size="md">
                {ru.actions.login}
              </Button>
              <Button component={Link} to="/signup" size="md" variant="light">
                {ru.actions.signup}
              </Button>
              <Button component={Link} to="/catalog" size="md" variant="default">
                {homeText.catalog}
              </Button>
            </Group>
            <Text size="sm" c="dimmed">
              {homeText.signupHint}
            </Text>
          </Stack>
        )}
      </Stack>
      <Card withBorder padding="lg" radius="md" maw={960}>
        <Title order={2} size="h3" mb="sm">
          {homeText.forWhomTitle}
        </Title>
        <List spacing="xs">
          <List.Item>{homeText.forTeachers}</List.Item>
          <List.Item>{homeText.forMethodists}</List.Item>
          <List.Item>{homeText.forProviders}</List.Item>
        </List>
      </Card>
    </Stack>
  );
}
