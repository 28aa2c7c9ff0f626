const taken = new Map<string, string>();

/**
 * The token of an emailed link, read from the URL fragment (`#token=…`), which browsers never
 * send to the server nor in a Referer. With `forget`, the fragment is also taken out of the
 * address bar and the history, for a one-time link; the value read first is kept for the page's
 * life, so a second render still finds it.
 */
export function fragmentToken(page: string, options: { forget?: boolean } = {}): string {
  const fromAddress = new URLSearchParams(window.location.hash.slice(1)).get('token')?.trim();
  if (fromAddress) {
    taken.set(page, fromAddress);
    if (options.forget)
      window.history.replaceState(window.history.state, '', window.location.pathname);
  }
  return taken.get(page) ?? '';
}
