// Browser tests: every packages/*/src/**/*.test.ts, in real Chromium (and Firefox ESR when
// BROWSERS=firefox), against real servers started through the harness plugins.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, findChromium, findFirefox, firefoxPrefs, noChromiumMessage } from './scripts/browsers.mjs';

const plugins = [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })];
for (const file of ['./harness/wtr-plugin.mjs', './harness/neko/wtr-plugin.mjs']) {
  if (existsSync(new URL(file, import.meta.url))) plugins.push((await import(file)).default());
}

async function browsers() {
  if (process.env.BROWSERS === 'firefox') {
    const firefox = findFirefox();
    if (!firefox) throw new Error('Firefox ESR not found (apt-get install -y firefox-esr).');
    const { puppeteerLauncher } = await import('@web/test-runner-puppeteer');
    return [
      puppeteerLauncher({
        launchOptions: { browser: 'firefox', executablePath: firefox, headless: true, extraPrefsFirefox: firefoxPrefs },
      }),
    ];
  }
  const chromium = findChromium();
  if (!chromium) throw new Error(noChromiumMessage);
  return [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromium, headless: true, args: chromiumArgs },
    }),
  ];
}

// Left out of the Firefox run, each for a reason that is Firefox's, not ours:
// - Firefox ESR here gathers no 127.0.0.1 ICE candidates (even with media.peerconnection.ice.loopback),
//   so the WebRTC suites (<oc-cobrowser>, <oc-workspace>) run in Chromium only;
// - *.chromium.test.ts need the DevTools protocol (media emulation) or synthetic clipboard events.
const firefoxExcluded = [
  '!packages/browser-element/src/cobrowser/cobrowser.test.ts',
  '!packages/browser-element/src/workspace/workspace.test.ts',
  '!packages/*/src/**/*.chromium.test.ts',
];

export default {
  files: process.env.TEST_FILES?.split(',') ?? [
    'packages/*/src/**/*.test.ts',
    'harness/browser-test/*.test.mjs',
    ...(process.env.BROWSERS === 'firefox' ? firefoxExcluded : []),
  ],
  nodeResolve: { exportConditions: ['source', 'development'] },
  hostname: '127.0.0.1',
  concurrency: 1,
  browsers: await browsers(),
  plugins,
  testFramework: { config: { timeout: 30_000 } },
  testsFinishTimeout: 20 * 60_000,
  browserStartTimeout: 60_000,
};
