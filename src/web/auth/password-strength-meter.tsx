// The strength of a new password while it is typed: the same check the server makes
// (contract/password-strength.ts), loaded on demand since its dictionaries are large.
import { Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PasswordStrength } from '../../contract/password-strength';
import { passwordStrengthText } from '../i18n/password-strength';

const COLORS = ['red', 'red', 'orange', 'teal', 'green'] as const;

export function PasswordStrengthMeter({
  password,
  userInputs = [],
}: {
  password: string;
  /** The person's name, login, e-mail: a password made of them is refused. */
  userInputs?: string[];
}) {
  const [strength, setStrength] = useState<PasswordStrength | null>(null);
  const inputs = userInputs.join('\n');
  useEffect(() => {
    if (!password) {
      setStrength(null);
      return;
    }
    let current = true;
    void import('../../contract/password-strength').then(({ passwordStrength }) => {
      if (current) setStrength(passwordStrength(password, inputs ? inputs.split('\n') : []));
    });
    return () => {
      current = false;
    };
  }, [password, inputs]);
  if (!strength) return null;
  const level = passwordStrengthText.levels[strength.score];
  return (
    <Stack gap={4} data-testid="password-strength">
      <Progress
        value={(strength.score + 1) * 20}
        color={COLORS[strength.score]}
        size="sm"
        aria-label={`${passwordStrengthText.label}: ${level}`}
      />
      <Text size="sm" aria-live="polite">
        {passwordStrengthText.label}: {level}. {strength.problem ?? passwordStrengthText.good}
      </Text>
    </Stack>
  );
}
