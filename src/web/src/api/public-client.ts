import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * For the pages behind emailed links (the partner's answer page, the password page): no session
 * token rides along, whoever else is signed in in this browser, and nothing is kept in the HTTP
 * cache, since answers carry personal data shared with the partner.
 */
export const publicApi = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'omit',
  cache: 'no-store',
});
