// Argon2id hashing (OWASP parameters) and one-time temporary passwords.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { passwordStrength } from '../../contract/password-strength.js';
import { Invalid } from '../http/errors.js';

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

// A hash of a random string: verified against when the login is unknown, so that an unknown login
// and a wrong password take the same time and give the same answer.
let dummy: Promise<string> | undefined;

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  dummy ??= hashPassword(`dummy-${randomInt(1e9)}`);
  try {
    return await verify(stored ?? (await dummy), password);
  } catch {
    return false;
  }
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A temporary password that satisfies the password rules and reads without ambiguity (no 0/O, 1/l). */
export function temporaryPassword(): string {
  const pick = (set: string, n: number) =>
    Array.from({ length: n }, () => set[randomInt(set.length)]).join('');
  return `${pick(ALPHABET, 4)}-${pick(DIGITS, 4)}-${pick(ALPHABET, 4)}`;
}

/**
 * Refuses a new password that is short or easy to guess (common, leaked, a keyboard walk, the
 * person's own name or login), with the reason under `field`. Temporary passwords the Bank
 * makes itself are random and not checked.
 */
export function assertStrongPassword(
  password: string,
  field: string,
  userInputs: (string | null | undefined)[],
) {
  const { problem } = passwordStrength(
    password,
    userInputs.filter((v): v is string => Boolean(v)),
  );
  if (problem) throw new Invalid(problem, [{ field, message: problem }]);
}
