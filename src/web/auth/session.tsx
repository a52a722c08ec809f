// The signed-in user for the whole app: GET /me once (401 → a visitor), kept in the query cache
// under `keys.me`, with helpers to adopt a login/sign-up result and to sign out.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import type { AuthResult, Me, RoleGrant, RoleName } from '../../contract/auth';
import { ApiError, api, keys, setCsrfToken } from '../api';

// A visitor has no session, and GET /me would answer 401 — which the browser logs as an error on
// every public page. So this tab remembers (localStorage, no secret in it) that it signed in;
// without that hint a public page does not ask. A protected page always asks the server, so a
// session made elsewhere (another tab, an API login) is still found there.
const HINT = 'ebppk.signedIn';
const PUBLIC_PATHS = new Set(['/', '/catalog', '/login', '/signup', '/recovery']);
/** The pages a mailed link opens: public too. */
const PUBLIC_PREFIXES = ['/recovery/', '/email/confirm/'];
const isPublicPath = (path: string) =>
  PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p));

function hint(on?: boolean): boolean {
  try {
    if (on === true) localStorage.setItem(HINT, '1');
    else if (on === false) localStorage.removeItem(HINT);
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true; // storage unavailable: always ask
  }
}

/** Whether the last answer for the user was a guess (visitor on a public page) rather than the server's. */
let guessed = false;

export async function fetchMe(): Promise<Me | null> {
  guessed = false;
  if (!hint() && isPublicPath(window.location.pathname)) {
    guessed = true;
    return null;
  }
  try {
    const me = await api.get<Me>('/me');
    setCsrfToken(me.csrfToken);
    hint(true);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      hint(false);
      return null;
    }
    throw error;
  }
}

type Session = {
  me: Me | null;
  loading: boolean;
  /** No user, but the server was not asked (a visitor's public page); a protected page asks. */
  unverified: boolean;
  verify: () => void;
  /** The user and token a login, sign-up or password change returned. */
  adopt: (result: AuthResult) => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });

  const adopt = useCallback(
    (result: AuthResult) => {
      setCsrfToken(result.csrfToken);
      hint(true);
      queryClient.setQueryData(keys.me, { ...result.user, csrfToken: result.csrfToken });
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch (error) {
      // A session that is already gone is as good as ended.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    } finally {
      setCsrfToken(null);
      hint(false);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
      queryClient.setQueryData(keys.me, null);
    }
  }, [queryClient]);

  const { refetch } = query;
  const verify = useCallback(() => void refetch(), [refetch]);
  // Also while the server is being asked after a guess: the answer decides, not the guess.
  const unverified = !query.isPending && query.data === null && (guessed || query.isFetching);
  const value = useMemo<Session>(
    () => ({ me: query.data ?? null, loading: query.isPending, unverified, verify, adopt, signOut }),
    [query.data, query.isPending, unverified, verify, adopt, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user on a page behind RequireAuth. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe on a page without a signed-in user');
  return me;
}

export const hasRole = (me: Me | null, ...roles: RoleName[]) =>
  !!me && me.roles.some((r) => roles.includes(r.role));

export const grantsOf = (me: Me, role: RoleName): RoleGrant[] => me.roles.filter((r) => r.role === role);
