/**
 * Debian's Chromium for the browser suite (test/chromium.ts), with third-party cookies refused explicitly, as
 * merchants' browsers do in the control-panel iframe. Missing Chromium fails the suite (never a skip): .ci/run
 * installs it.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '@/test/chromium';

export function launchBrowser(): Promise<Browser> {
  // Chrome's third-party-cookie phase-out switched on: cross-site frames get no cookies at all.
  return launchChromium(['--test-third-party-cookie-phaseout']);
}
