// Finds the browsers the tests can use on this machine: Playwright's own Chromium when it was
// installed, else Debian's /usr/bin/chromium; Firefox ESR (WebDriver BiDi) when present.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Chromium flags that keep every test browser on 127.0.0.1 (no DNS, no Google services). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--no-pings',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1 , EXCLUDE 127.0.0.2',
];

export const firefoxPrefs = {
  'network.dns.native-is-localhost': true,
  'media.autoplay.default': 0,
  'media.navigator.permission.disabled': true,
  'datareporting.policy.dataSubmissionEnabled': false,
  'app.update.enabled': false,
};

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  try {
    const { chromium } = require('playwright-core');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright-core missing or without a browser of its own: fall through.
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(path)) return path;
  }
  return undefined;
}

export function findFirefox() {
  if (process.env.OC_NO_FIREFOX) return undefined;
  for (const path of ['/usr/bin/firefox-esr', '/usr/bin/firefox']) if (existsSync(path)) return path;
  return undefined;
}

export const noChromiumMessage =
  'No Chromium found for the browser tests. Install one: `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
  'or `npx playwright install chromium` where downloads are allowed, or set CHROMIUM_PATH.';
