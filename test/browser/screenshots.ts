/**
 * Numbered full-page PNGs of what the browser suite saw, in test-results/screenshots (gitignored), emptied when
 * the suite starts. The control panel keeps the app's iframe one window high and lets it scroll inside, so a
 * plain full-page shot would cut the app off: for the shot the window is made as tall as the app's page (and
 * the control panel's own column), then put back.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-results/screenshots');

const MAX_HEIGHT = 8_000;

export class Screenshots {
  private count = 0;
  readonly saved: string[] = [];

  constructor(readonly dir = SCREENSHOT_DIR) {}

  /** Empties the folder (run once, at suite start). */
  reset(): void {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.count = 0;
    this.saved.length = 0;
  }

  /**
   * Saves `NN-name.png`. With `appFrame` (the app inside the control panel), the window grows to fit the app's
   * whole page first; other pages (popup, support view) are shot full-page as they are.
   */
  async take(page: Page, name: string, appFrame?: Frame): Promise<string> {
    this.count += 1;
    const file = path.join(this.dir, `${String(this.count).padStart(2, '0')}-${name}.png`);
    const viewport = page.viewportSize();
    if (appFrame && viewport) {
      const appHeight = await appFrame.evaluate(() => document.documentElement.scrollHeight);
      const panelHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      // The iframe is the window height minus the control panel's header and status line (about 90 px).
      const height = Math.min(MAX_HEIGHT, Math.max(viewport.height, appHeight + 110, panelHeight));
      await page.setViewportSize({ width: viewport.width, height });
      try {
        // Let the app lay out at the new size before the shot.
        await appFrame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await page.screenshot({ path: file, fullPage: true });
      } finally {
        await page.setViewportSize(viewport);
      }
    } else {
      await page.screenshot({ path: file, fullPage: true });
    }
    this.saved.push(path.basename(file));
    return file;
  }
}
