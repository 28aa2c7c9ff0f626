import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { api, data, setAccessToken } from '../api/client';
import type { Schemas } from '../api/client';
import { SESSION_KEY } from '../early-case-contract';

/** Kept here rather than imported from the intake page, which is loaded only when opened. */
export const INTAKE_BUFFER_PREFIX = 'jejak.intake.';

export type SignedInUser = Schemas['UserResponseDto'];

export type SessionEnd = 'expired' | 'signedOut';

export interface Session {
  token: string;
  user: SignedInUser;
  /** When the access token stops being accepted (ms since the epoch). */
  expiresAt: number;
}

interface SessionState {
  session: Session | null;
  /**
   * Why the last session ended: the sign-in page says so when it expired, and brings whoever
   * signs in back to where they were; after a sign-out, the next person starts afresh.
   */
  ended: SessionEnd | null;
  signIn: (session: Session) => void;
  signOut: (reason?: SessionEnd) => void;
}

/**
 * Kept in sessionStorage: a reload keeps the session, closing the tab ends it, and no other tab
 * or later visitor of a shared office computer finds it.
 */
const STORED_SESSION = SESSION_KEY;

function storedSession(): Session | null {
  try {
    const session = JSON.parse(
      window.sessionStorage.getItem(STORED_SESSION) ?? 'null',
    ) as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(storedSession);
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  const signOut = useCallback((reason: SessionEnd = 'signedOut') => {
    window.sessionStorage.removeItem(STORED_SESSION);
    // Half-filled forms outlive an expired session, to be finished after signing in again; a
    // sign-out on purpose leaves nothing of them on the computer (their drafts stay on the server).
    if (reason === 'signedOut')
      for (const key of Object.keys(window.sessionStorage))
        if (key.startsWith(INTAKE_BUFFER_PREFIX)) window.sessionStorage.removeItem(key);
    setSession(null);
    setEnded(reason);
  }, []);
  const signIn = useCallback((next: Session) => {
    window.sessionStorage.setItem(STORED_SESSION, JSON.stringify(next));
    setEnded(null);
    setSession(next);
  }, []);
  // Set during render, before any child's query can run with the previous token.
  setAccessToken(session?.token ?? null, () => signOut('expired'));
  const state = useMemo(
    () => ({ session, ended, signIn, signOut }),
    [session, ended, signIn, signOut],
  );
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The zone the signed-in user's agency works in (WIB until it is known): times show in it. */
export function useAgencyTimeZone(): string {
  const { session } = useSession();
  const agency = useQuery({
    queryKey: ['agency', session?.user.agencyId],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/agencies/{id}', {
          params: { path: { id: session!.user.agencyId } },
        }),
      ),
    enabled: Boolean(session),
    staleTime: Infinity,
  });
  return agency.data?.timeZone ?? 'Asia/Jakarta';
}
