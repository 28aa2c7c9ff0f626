import { api, type ApiErrorBody } from '../api/client';
import type { Session } from './session';

/** Why signing in did not work, as the sign-in form says it. */
export type SignInProblem = 'failed' | 'tooMany' | 'unreachable';

export type SignInOutcome =
  | { session: Session }
  | { problem: SignInProblem }
  /** The API refused these fields' values (it checks the same rules as the forms). */
  | { fields: string[] };

/** Asks the API for a session; the sign-in page and the dialog of a lapsed session share it. */
export async function requestSession(email: string, password: string): Promise<SignInOutcome> {
  try {
    const { data, error, response } = await api.POST('/api/v1/auth/login', {
      body: { email: email.trim(), password },
    });
    if (data)
      return {
        session: {
          token: data.accessToken,
          user: data.user,
          expiresAt: Date.now() + data.expiresIn * 1000,
        },
      };
    const body = error as ApiErrorBody | undefined;
    if (response.status === 429) return { problem: 'tooMany' };
    if (response.status === 400 && body?.details?.fields?.length)
      return { fields: body.details.fields.map((field) => field.field) };
    return { problem: 'failed' };
  } catch {
    return { problem: 'unreachable' };
  }
}
