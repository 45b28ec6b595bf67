import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (`.ci/run` installs it); no browser is downloaded at install time. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Launches Debian's Chromium headless as the UI tests need it: as root without a sandbox, and
 * without the background networking this machine's closed network would refuse.
 */
export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
