// Talking to the Bank's API from a spec: sign in (through the API where the login form is not what
// a spec tests), and a signed-in client of its own (its own cookie jar) to prepare data a journey
// needs without clicking through other screens.
import { type APIRequestContext, type APIResponse, expect, request } from '@playwright/test';
import type { Me } from '../../src/contract/auth';

/** A non-browser client proves its writes are not cross-site with this header (CSRF in docs/architecture.md). */
export const CLIENT_HEADER = { 'X-Requested-With': 'ebppk' } as const;

async function ok<T>(response: APIResponse, what: string): Promise<T> {
  if (!response.ok()) {
    throw new Error(`${what}: HTTP ${response.status()} ${await response.text()}`);
  }
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/**
 * Signs in through `POST /auth/login`. Given `page.request`, the session cookie lands in the
 * page's browser context, so the next `page.goto` is already signed in.
 */
export async function signInThroughApi(api: APIRequestContext, login: string, password: string): Promise<Me> {
  const response = await api.post('/api/v1/auth/login', {
    data: { login, password },
    headers: CLIENT_HEADER,
  });
  const body = await ok<{ user: Me }>(response, `вход ${login}`);
  return body.user;
}

export async function currentUser(api: APIRequestContext): Promise<Me> {
  return ok<Me>(await api.get('/api/v1/me'), 'GET /me');
}

type Named = { id: string; name: string };

/** A signed-in API client with its own cookies, for preparing data (e.g. as the operator). */
export class ApiClient {
  private constructor(
    readonly api: APIRequestContext,
    readonly me: Me,
  ) {}

  static async signIn(baseURL: string, login: string, password: string): Promise<ApiClient> {
    const api = await request.newContext({ baseURL });
    const me = await signInThroughApi(api, login, password);
    return new ApiClient(api, me);
  }

  async get<T>(path: string, params?: Record<string, string | number>): Promise<T> {
    return ok<T>(await this.api.get(`/api/v1${path}`, params ? { params } : {}), `GET ${path}`);
  }

  async post<T>(path: string, data: unknown = {}): Promise<T> {
    return ok<T>(await this.api.post(`/api/v1${path}`, { data, headers: CLIENT_HEADER }), `POST ${path}`);
  }

  async put<T>(path: string, data: unknown): Promise<T> {
    return ok<T>(await this.api.put(`/api/v1${path}`, { data, headers: CLIENT_HEADER }), `PUT ${path}`);
  }

  createTerritory(name: string) {
    return this.post<Named>('/territories', { name });
  }

  createOrganization(name: string, territoryId: string) {
    return this.post<Named & { territoryId: string }>('/organizations', { name, territoryId });
  }

  createPosition(name: string) {
    return this.post<Named>('/positions', { name });
  }

  async dispose() {
    await this.api.dispose();
  }
}

/** The public API as a visitor sees it (no cookies). */
export async function publicGet<T>(api: APIRequestContext, path: string, params?: Record<string, string>) {
  const response = await api.get(`/api/v1${path}`, params ? { params } : {});
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}
