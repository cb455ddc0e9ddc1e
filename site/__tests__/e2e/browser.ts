// Debian's Chromium for Playwright (playwright-core never downloads a browser).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { testConfig } from '../../../platform/config.ts';

export const chromiumPath = testConfig().chromiumPath;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Không thấy Chromium / Chromium not found at ${chromiumPath}: apt-get install chromium (npm test does it when run as root), or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/**
 * One Chromium for a test file (launched before its tests, closed after) and `open`, which loads a
 * path of the portal at `baseURL` in a fresh context, with JavaScript on or off.
 */
export function browserSession(baseURL: string): (p: string, o?: { js?: boolean }) => Promise<Page> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return async (p, { js = true } = {}) => {
    const context = await browser!.newContext({ javaScriptEnabled: js, baseURL });
    const page = await context.newPage();
    await page.goto(p);
    return page;
  };
}
