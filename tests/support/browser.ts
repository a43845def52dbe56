import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this sandbox needs (no network beyond loopback). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the login page, as a person would, and waits to land in a portal. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/登录名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登录|Sign in/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

/**
 * Content-Security-Policy violations a page reports (the securitypolicyviolation event, seen
 * through an init script, which CSP does not govern) and the console's "Refused to …" lines,
 * collected from the moment of the call.
 */
export function watchViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) found.push(message.text());
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP ${e.violatedDirective}): ${e.blockedURI} on ${location.pathname}, by ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  return found;
}
