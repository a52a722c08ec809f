// The journeys' fixtures: a unique-name generator (every spec makes its own data, so specs never
// depend on each other or on the order they run in), the operator's API client for preparing
// data, and signing a page in through the API when the login form is not what a spec tests.
import { randomBytes } from 'node:crypto';
import { test as base } from '@playwright/test';
import type { Me } from '../../src/contract/auth';
import { ApiClient, signInThroughApi } from './api';
import { DEMO_PASSWORD, DEMO_USERS, type DemoRole } from './demo';

/** `«prefix» e2e-k3f9q2`: unique within a run and across runs on the same database. */
export function unique(prefix: string): string {
  return `${prefix} e2e-${randomBytes(4).toString('hex')}`;
}

/** A short lower-case token for logins and e-mails. */
export function token(): string {
  return randomBytes(5).toString('hex');
}

type Fixtures = {
  /** The operator's own API client (separate cookies from the page). */
  operatorApi: ApiClient;
  /** Signs the page's browser context in as a demo role through the API. */
  signInAs: (role: DemoRole) => Promise<Me>;
};

export const test = base.extend<Fixtures>({
  operatorApi: async ({ baseURL }, use) => {
    const client = await ApiClient.signIn(baseURL ?? '', DEMO_USERS.operator.login, DEMO_PASSWORD);
    await use(client);
    await client.dispose();
  },
  signInAs: async ({ page }, use) => {
    await use((role) => signInThroughApi(page.request, DEMO_USERS[role].login, DEMO_PASSWORD));
  },
});

export { expect } from '@playwright/test';
