/** Where the session is kept (session/session.tsx) and the early case request waits for the app. */
export const SESSION_KEY = 'jejak.session';
export const EARLY_CASE = '__jejakEarlyCase';

export interface EarlyCase {
  caseRef: string;
  response: Promise<Response>;
}

/** The early request for this case, if one was started; handed out once. */
export function takeEarlyCase(caseRef: string): Promise<Response> | null {
  const slot = window as unknown as Record<string, EarlyCase | undefined>;
  const early = slot[EARLY_CASE];
  if (!early || early.caseRef !== caseRef) return null;
  slot[EARLY_CASE] = undefined;
  return early.response;
}
