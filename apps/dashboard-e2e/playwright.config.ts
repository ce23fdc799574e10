// Browser tests in Debian's Chromium (/usr/bin/chromium; `playwright install` cannot download here)
// against the real stack that global-setup starts: FerretDB, a Hardhat node mining every second, the
// built API process and the built dashboard.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../test-results/dashboard-e2e',
  globalSetup: require.resolve('./global-setup'),
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env['E2E_DASHBOARD_URL'],
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
