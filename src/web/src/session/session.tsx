import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
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
  /**
   * The session's token is no longer accepted (expired, or revoked by a password change) but the
   * screen it was on stays mounted, hidden, under a dialog to sign in again: whatever was being
   * typed is still there afterwards. Nothing is shown meanwhile, so an unattended screen shows no
   * case once its session is over.
   */
  lapsed: boolean;
  /** The API refused the session's token (for requests made outside the API client). */
  lapse: () => void;
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
    return JSON.parse(window.sessionStorage.getItem(STORED_SESSION) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

const isCurrent = (session: Session | null): session is Session =>
  session !== null && session.expiresAt > Date.now();

// The longest delay setTimeout takes; a longer one fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(() => {
    const stored = storedSession();
    return isCurrent(stored) ? stored : null;
  });
  // A session found over in this tab was not ended on purpose: the sign-in page says so.
  const [ended, setEnded] = useState<SessionEnd | null>(() =>
    storedSession() && !session ? 'expired' : null,
  );
  const [lapsed, setLapsed] = useState(false);
  const lapse = useCallback(() => {
    window.sessionStorage.removeItem(STORED_SESSION);
    setLapsed(true);
  }, []);
  const signOut = useCallback((reason: SessionEnd = 'signedOut') => {
    window.sessionStorage.removeItem(STORED_SESSION);
    // Half-filled forms outlive an expired session, to be finished after signing in again; a
    // sign-out on purpose leaves nothing of them on the computer (their drafts stay on the server).
    if (reason === 'signedOut')
      for (const key of Object.keys(window.sessionStorage))
        if (key.startsWith(INTAKE_BUFFER_PREFIX)) window.sessionStorage.removeItem(key);
    setSession(null);
    setLapsed(false);
    setEnded(reason);
  }, []);
  const signIn = useCallback(
    (next: Session) => {
      window.sessionStorage.setItem(STORED_SESSION, JSON.stringify(next));
      setEnded(null);
      setSession(next);
      setLapsed(false);
      if (lapsed) {
        // What failed while the session was over is asked for again at once, with the new token
        // (the render that hands it to the client has not happened yet).
        setAccessToken(next.token, lapse);
        void queryClient.invalidateQueries();
      }
    },
    [queryClient, lapsed, lapse],
  );
  // The token's own end: the screen is hidden then, not at the next request, which may be hours
  // away on a computer left alone.
  useEffect(() => {
    const remaining = (session?.expiresAt ?? 0) - Date.now();
    // Past setTimeout's range, the API's refusal of the token lapses the session instead.
    if (!session || lapsed || remaining > MAX_TIMER_MS) return;
    const timer = window.setTimeout(lapse, remaining);
    return () => window.clearTimeout(timer);
  }, [session, lapsed, lapse]);
  // Set during render, before any child's query can run with the previous token.
  setAccessToken(session && !lapsed ? session.token : null, lapse);
  const state = useMemo(
    () => ({ session, ended, lapsed, lapse, signIn, signOut }),
    [session, ended, lapsed, lapse, signIn, signOut],
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
