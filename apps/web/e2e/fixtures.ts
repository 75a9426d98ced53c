import AxeBuilder from '@axe-core/playwright';
import sparticuz from '@sparticuz/chromium';
import { chromium, expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where each page's screenshot goes (printed once, so a person can look at them). */
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', 'test-results', 'console-screenshots');

/** Chromium does no background traffic of its own during the tests. */
const QUIET = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
];

/**
 * The browser: Debian's /usr/bin/chromium when installed (or CHROMIUM_PATH), else the Chromium that
 * @sparticuz/chromium brings with `npm ci` (unpacked to the temp folder on first use). Its own
 * launch flags crash it under Playwright; these do not.
 */
export async function chromiumPath(): Promise<string> {
  const given = process.env.CHROMIUM_PATH;
  if (given && fs.existsSync(given)) return given;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return sparticuz.executablePath();
}

export const test = base.extend<object, { browser: Browser }>({
  browser: [
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: await chromiumPath(), args: ['--no-sandbox', '--disable-gpu', ...QUIET] });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
});

export { expect };

/**
 * A browser context as a person at a desk sees the console: Spanish (Mexico), 1280 px wide unless
 * `width` says otherwise, downloads kept, and "reduce motion" on like the suite's own pages.
 */
export function consoleContext(browser: Browser, options: { baseURL?: string; width?: number; storageState?: string | Awaited<ReturnType<BrowserContext['storageState']>> } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL ?? env('CONSOLE_BASE_URL'),
    locale: 'es-MX',
    viewport: { width: options.width ?? 1280, height: 900 },
    acceptDownloads: true,
    reducedMotion: 'reduce',
    storageState: options.storageState,
  });
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the global setup did not run`);
  return value;
}

/**
 * Waits until every finite animation and CSS transition of the page has ended (a dialog opening
 * or closing, a menu folding): colours read half-way through a fade are not the page's colours.
 * Endless ones (a loader) are left running.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

/** No serious or critical accessibility violation (WCAG 2.1 A and AA rules of axe), once the page has settled. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await settled(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.slice(0, 3).map((n) => {
        const data = n.any[0]?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
        const colours = data?.fgColor ? ` [${data.fgColor} on ${data.bgColor ?? '?'}, ${data.contrastRatio ?? '?'}:1]` : '';
        return `${n.target.join(' ')}${colours}`;
      });
      return `${v.id} (${v.impact}): ${v.help} — ${nodes.join(', ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`;
    });
  expect(serious, `accessibility of ${what}`).toEqual([]);
}

let announced = false;
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  if (!announced) {
    process.stdout.write(`console screenshots: ${SCREENSHOTS}\n`);
    announced = true;
  }
  await settled(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** GET a JSON route of the API with the admin token (the figures the console must show). */
export async function apiGet<T>(route: string): Promise<T> {
  const res = await fetch(`${env('CONSOLE_API_URL')}${route}`, { headers: { Authorization: `Bearer ${env('CONSOLE_ADMIN_TOKEN')}` } });
  if (!res.ok) throw new Error(`GET ${route} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** What a figure shows, as the decimal string the API sent: currency code, separators and spaces removed. */
export function digitsOf(text: string): string {
  return text.replace(/^[A-Z]{3}/, '').replace(/[\s\u00a0,]/g, '');
}
