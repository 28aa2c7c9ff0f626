import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** A field the API refused: its messages (English) and, for its own checks, the rule of each. */
export interface ApiFieldError {
  field: string;
  messages: string[];
  rules?: string[];
}

/** The error body every API error has ({ statusCode, code, message, details?, requestId }). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { fields?: ApiFieldError[] } & Record<string, unknown>;
  requestId?: string;
}

let currentToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

/** The session module hands its token here, and what to do when the API no longer takes it. */
export function setAccessToken(token: string | null, whenRefused: () => void): void {
  currentToken = token;
  onUnauthorized = whenRefused;
}

const authorization: Middleware = {
  onRequest({ request }) {
    if (currentToken) request.headers.set('Authorization', `Bearer ${currentToken}`);
    return request;
  },
  onResponse({ response, request }) {
    // A refused token (expired, or revoked by a password change): the session ends. Signing in
    // itself answers 401 for a wrong password, which is the form's to show. Only a refusal of the
    // token in use counts: an answer to a request sent with the previous one can arrive after
    // signing in again, and must not end the new session.
    if (
      response.status === 401 &&
      !request.url.endsWith('/auth/login') &&
      currentToken &&
      request.headers.get('Authorization') === `Bearer ${currentToken}`
    )
      onUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(authorization);

/** Thrown by `data()` for an answer that is not a success, with the API's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

/** The data of a successful answer, or an ApiError. */
export function data<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined) return result.data;
  throw new ApiError(result.response.status, result.error as ApiErrorBody | undefined);
}
