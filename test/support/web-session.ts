/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type AxeViolation, seriousAxeViolations } from './browser';
import type { SignedInUser } from './factories';
import type { TestApp } from './test-app';

/**
 * The address the browser reaches a listening test app at: Nest reports `[::1]` for loopback,
 * which Chromium then reaches over IPv6 while the app listens on 127.0.0.1.
 */
export async function listenForBrowser(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
}

/**
 * A fresh browser context in Bahasa Indonesia (the app's default language follows the browser's)
 * with a 10 s default timeout, and its page.
 */
export async function newPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'id-ID',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/**
 * Signs in through the sign-in screen, as a person would, and waits for the first screen after
 * it; then opens `path` when given (a deep link opened after signing in).
 */
export async function signInAs(
  page: Page,
  baseUrl: string,
  user: Pick<SignedInUser, 'email' | 'password'>,
  path?: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('textbox', { name: 'Kata sandi' }).fill(user.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  // The sign-in screen has a level-1 heading of its own: wait until it is left.
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  if (path !== undefined) await page.goto(`${baseUrl}${path}`);
}

/** Animation frames without a CSS transition after which a page is taken to be still. */
const STILL_FRAMES = 5;

/**
 * axe once the page's CSS transitions are over: colours read mid-fade are not the ones people
 * see, and fail the contrast rule at random. Stillness is judged over several frames: a dialog
 * just opened is mounted transparent and starts its fade a frame or two later (Mantine's
 * Transition), and a check in between found no transition and read the faded colours.
 */
export async function axeOnceStill(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(
    (frames) =>
      new Promise<void>((resolve) => {
        let still = 0;
        const look = () => {
          const moving = document
            .getAnimations()
            .some((animation) => animation instanceof CSSTransition);
          still = moving ? 0 : still + 1;
          if (still >= frames) resolve();
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      }),
    STILL_FRAMES,
  );
  return seriousAxeViolations(page);
}

/**
 * Makes the tab's stored session carry a token the API refuses (as after a password change
 * elsewhere); the page learns of it at its next request, a reload for instance.
 */
export async function spoilStoredToken(page: Page): Promise<void> {
  await page.evaluate(() => {
    const stored = JSON.parse(window.sessionStorage.getItem('jejak.session')!) as {
      token: string;
    };
    window.sessionStorage.setItem(
      'jejak.session',
      JSON.stringify({ ...stored, token: `${stored.token}x` }),
    );
  });
}
