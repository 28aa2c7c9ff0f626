// Loaded by index.html beside the app and run before it: on a case's address, the one request
// the case page cannot show anything without starts now, while the app's code is still on its
// way (on "Slow 4G" that is a round trip of over half a second saved). The app takes the answer
// over (api/queries.ts), once; anything but a success is asked again through the app itself,
// which handles an expired session. Nothing of this file is shared with the app, so that it stays
// a few hundred bytes.
import { EARLY_CASE, type EarlyCase, SESSION_KEY } from './early-case-contract';

const match = /^\/cases\/([^/]+)$/.exec(window.location.pathname);
if (match && match[1] !== 'new') {
  try {
    const session = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) ?? 'null') as {
      token?: string;
      expiresAt?: number;
    } | null;
    if (session?.token && (session.expiresAt ?? 0) > Date.now()) {
      const caseRef = decodeURIComponent(match[1]);
      const early: EarlyCase = {
        caseRef,
        response: fetch(`/api/v1/cases/${encodeURIComponent(caseRef)}`, {
          headers: { Authorization: `Bearer ${session.token}` },
        }),
      };
      (window as unknown as Record<string, EarlyCase>)[EARLY_CASE] = early;
    }
  } catch {
    // A malformed stored session: the app signs in again as it would anyway.
  }
}
