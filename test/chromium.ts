/**
 * Browser tests drive Debian's Chromium through playwright-core (no browser download). Missing Chromium is a
 * failure, not a skip: `.ci/run` installs it (`apt-get install chromium`); CHROMIUM_PATH overrides the path.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without these, Chromium phones Google (updates, sync, field trials) and this machine refuses it.
const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

/** `extraArgs`: more Chromium switches, e.g. the browser suite's third-party-cookie phase-out. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "apt-get install chromium" (as .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...OFFLINE_ARGS, ...extraArgs] });
}
