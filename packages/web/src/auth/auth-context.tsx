import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, client, setCsrfToken, setSessionLostHandler, unwrap } from '../api/client.ts';
import type { Session, SessionUser } from '../api/types.ts';

type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: 'expired' | null }
  | { status: 'authenticated'; user: SessionUser };

type Auth = {
  state: AuthState;
  login: (username: string, password: string) => Promise<SessionUser>;
  logout: () => Promise<void>;
  /** Re-reads the session, e.g. after the password changed and the server lifted the block. */
  refresh: () => Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', user: session.user });
    return session.user;
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await unwrap(client.GET('/api/auth/me')));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      setCsrfToken(null);
      setState({ status: 'anonymous', reason: null });
    }
  }, [accept]);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'anonymous', reason: null }));
    setSessionLostHandler((error) => {
      if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
        setState((current) =>
          current.status === 'authenticated'
            ? { status: 'authenticated', user: { ...current.user, mustChangePassword: true } }
            : current,
        );
        return;
      }
      setCsrfToken(null);
      setState((current) =>
        current.status === 'authenticated' ? { status: 'anonymous', reason: 'expired' } : current,
      );
    });
    return () => setSessionLostHandler(null);
  }, [refresh]);

  const login = useCallback(
    async (username: string, password: string) =>
      accept(await unwrap(client.POST('/api/auth/login', { body: { username, password } }))),
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await unwrap(client.POST('/api/auth/logout'));
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous', reason: null });
    }
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for pages behind the login guard. */
export function useUser(): SessionUser {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useUser without a session');
  return state.user;
}
