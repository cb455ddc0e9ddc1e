// Debian's Chromium for Playwright (playwright-core never downloads a browser).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Không thấy Chromium / Chromium not found at ${chromiumPath}: apt-get install chromium (npm test does it when run as root), or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
