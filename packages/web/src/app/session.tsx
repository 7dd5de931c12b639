/**
 * Who is signed in, as the server says (GET /api/auth/session). Pages read it; login, MFA,
 * charter acceptance and logout refresh it. An expired session anywhere sends back to login.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/endpoints.ts';
import { onUnauthenticated, setCsrfToken } from '../api/http.ts';
import type { SessionInfo } from '../api/types.ts';

interface SessionValue {
  session?: SessionInfo;
  loadError?: unknown;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo>();
  const [loadError, setLoadError] = useState<unknown>();

  const refresh = useCallback(async () => {
    try {
      const next = await authApi.session();
      setCsrfToken(next.authenticated ? next.csrfToken : undefined);
      setSession(next);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error);
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(undefined);
      await refresh();
    }
  }, [refresh]);

  useEffect(() => {
    void refresh();
    onUnauthenticated(() => void refresh());
    return () => onUnauthenticated(undefined);
  }, [refresh]);

  const value = useMemo(() => ({ session, loadError, refresh, signOut }), [session, loadError, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user's session; only for pages rendered behind the login gate. */
export function useSignedIn(): Extract<SessionInfo, { authenticated: true }> {
  const { session } = useSession();
  if (!session?.authenticated) throw new Error('useSignedIn before sign-in');
  return session;
}
