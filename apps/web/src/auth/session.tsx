import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, ApiError, onUnauthenticated, unwrap } from '../api/client';
import type { SessionUser } from '../api/auth-contract';
import { FullPageLoader } from '../components/FullPageLoader';

export const SESSION_KEY = ['session'] as const;

/** GET /v1/auth/session: the signed-in person, or null without a session (401). */
export async function fetchSession(): Promise<SessionUser | null> {
  try {
    return (await unwrap(api.GET('/v1/auth/session'))).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession(): { user: SessionUser | null | undefined; isLoading: boolean; error: Error | null } {
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });
  return { user: query.data, isLoading: query.isLoading, error: query.error };
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  return (await unwrap(api.POST('/v1/auth/login', { body: { username, password } }))).user;
}

export async function signOut(): Promise<void> {
  await api.POST('/v1/auth/logout');
}

/** Pages behind a session: without one, the sign-in page (coming back here afterwards). */
export function RequireSession({ children }: { children: React.ReactNode }): React.ReactNode {
  const { user, isLoading, error } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // A 401 on any call means the session ended: forget what was read and sign in again.
  useEffect(
    () =>
      onUnauthenticated(() => {
        queryClient.setQueryData(SESSION_KEY, null);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
        void navigate(`/ingresar?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
      }),
    [queryClient, navigate, location.pathname, location.search],
  );

  if (isLoading) return <FullPageLoader />;
  if (error) throw error;
  if (!user) return <Navigate to={`/ingresar?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}
