// The one way the web UI talks to the server: JSON over fetch with the session cookie, the CSRF
// token on every write, and problem+json errors turned into a typed ApiError. Also the TanStack
// Query keys, one family per resource, so a write invalidates exactly the lists it changes.
import type { Problem } from '../contract/common';
import { ru } from './i18n/ru';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
  /** Field → message, as the server listed them (paths like `roles.0.departmentId`). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) if (!(e.field in out)) out[e.field] = e.message;
    return out;
  }
}

// The session's CSRF token: learnt from GET /me and from login, sign-up and password change.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** `?a=1&b=x` without empty values. */
export function toQueryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RequestOptions = { query?: QueryParams; body?: unknown; signal?: AbortSignal };

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (body && typeof body.title === 'string')
        return {
          type: body.type ?? 'about:blank',
          title: body.title,
          status: body.status ?? response.status,
          ...(body.detail ? { detail: body.detail } : {}),
          ...(body.errors ? { errors: body.errors } : {}),
        };
    } catch {
      // fall through to the generic problem
    }
  }
  return {
    type: 'about:blank',
    title: response.status >= 500 ? ru.errors.unexpected : ru.errors.badResponse,
    status: response.status,
    detail: ru.errors.unexpectedDetail,
  };
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body (a file upload) sets its own multipart content type with the boundary.
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${toQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body:
        options.body === undefined
          ? undefined
          : multipart
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      type: 'about:blank',
      title: ru.errors.network,
      status: 0,
      detail: ru.errors.networkDetail,
    });
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>('GET', path, { query, ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** A multipart/form-data POST: its fields go in the order they were appended. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
};

/**
 * Query keys. The first element names the resource: invalidating `[resource]` refreshes every
 * list and item of it.
 */
export const keys = {
  me: ['me'] as const,
  territories: {
    all: ['territories'] as const,
    list: (params: QueryParams) => ['territories', 'list', params] as const,
  },
  organizations: {
    all: ['organizations'] as const,
    list: (params: QueryParams) => ['organizations', 'list', params] as const,
  },
  providers: {
    all: ['providers'] as const,
    list: (params: QueryParams) => ['providers', 'list', params] as const,
    one: (id: string) => ['providers', 'one', id] as const,
  },
  departments: {
    all: ['departments'] as const,
    ofProvider: (providerId: string) => ['departments', 'provider', providerId] as const,
    list: (params: QueryParams) => ['departments', 'list', params] as const,
  },
  positions: {
    all: ['positions'] as const,
    list: (params: QueryParams) => ['positions', 'list', params] as const,
  },
  users: {
    all: ['users'] as const,
    list: (params: QueryParams) => ['users', 'list', params] as const,
    one: (id: string) => ['users', 'one', id] as const,
  },
  catalog: {
    all: ['catalog'] as const,
    list: (params: QueryParams) => ['catalog', 'list', params] as const,
    one: (id: string) => ['catalog', 'one', id] as const,
  },
  programs: {
    all: ['programs'] as const,
    list: (params: QueryParams) => ['programs', 'list', params] as const,
    one: (id: string) => ['programs', 'one', id] as const,
  },
  /** The workspace's courses (drafts included); the public catalog's are `catalog`. */
  courses: {
    all: ['courses'] as const,
    list: (params: QueryParams) => ['courses', 'list', params] as const,
    one: (id: string) => ['courses', 'one', id] as const,
    history: (id: string) => ['courses', 'history', id] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (params: QueryParams) => ['audit', 'list', params] as const,
  },
  /** A teacher's own profile (`/me/profile`). */
  profile: ['profile'] as const,
  /** Threads between departments and territories; `unread` is the reader's totals. */
  conversations: {
    all: ['conversations'] as const,
    list: (params: QueryParams) => ['conversations', 'list', params] as const,
    unread: ['conversations', 'unread'] as const,
    thread: (courseId: string, territoryId: string) =>
      ['conversations', 'thread', courseId, territoryId] as const,
    one: (id: string) => ['conversations', 'one', id] as const,
  },
  /** The signed-in person's own notifications; `unread` is the bell's count. */
  notifications: {
    all: ['notifications'] as const,
    unread: ['notifications', 'unread'] as const,
    lists: ['notifications', 'list'] as const,
    list: (params: QueryParams) => ['notifications', 'list', params] as const,
    settings: ['notifications', 'settings'] as const,
  },
  outbox: {
    all: ['outbox'] as const,
    list: (params: QueryParams) => ['outbox', 'list', params] as const,
  },
  /** A course's attendance journal and a methodist's learners' attendance across courses. */
  attendance: {
    all: ['attendance'] as const,
    journal: (courseId: string) => ['attendance', 'journal', courseId] as const,
    territory: (params: QueryParams) => ['attendance', 'territory', params] as const,
  },
  /** Applications (baskets, own, one with its history) and the places they take of a course. */
  applications: {
    all: ['applications'] as const,
    list: (params: QueryParams) => ['applications', 'list', params] as const,
    one: (id: string) => ['applications', 'one', id] as const,
    places: (courseId: string) => ['applications', 'places', courseId] as const,
  },
};
