// Browser journeys against a real server on the demo data, driven in Debian's chromium.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// A second run on another port (E2E_PORT) gets its own database and artifacts, so it neither
// waits for the first run's lock on the data directory nor wipes its traces.
const SUFFIX = PORT === 3100 ? '' : `-${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/e2e${SUFFIX}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // Pages load lazily per route; on a busy 2-core CI machine a first render can take seconds.
  // This bounds the waits on UI states (there are no fixed sleeps); it does not retry anything.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'ru-RU',
    timezoneId: 'Asia/Yekaterinburg',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node bin/ebppk.js demo --build-web`,
    env: { PORT: String(PORT), DATA_DIR: `test-results/e2e-data${SUFFIX}`, LOG_LEVEL: 'warn' },
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    timeout: 120_000,
    reuseExistingServer: false,
  },
});
