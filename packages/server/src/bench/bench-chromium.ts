/**
 * Debian's headless Chromium for the browser benches, driven by playwright-core — a development dependency of the
 * repository, not of the runlens package, so it is loaded only here and its absence is a reason to skip, not a crash.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * A launched headless browser, or why there is none (the bench prints it as "skipped"). `webgl`: WebGL through
 * SwiftShader (on the CPU) instead of no GPU at all, for views that draw with it.
 */
export async function launchBenchChromium(options: { webgl?: boolean } = {}): Promise<Browser | string> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    return 'playwright-core is not installed (a development dependency of the runlens repository)';
  }
  return pw.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', ...(options.webgl ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu']), '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
