import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, requireChromium } from './fixtures/chromium'

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './fixtures/buildTestClient.ts',
  // Each spec starts its own server on an OS-chosen port; two workers fit 2 cores.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: requireChromium(), args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    trace: 'off',
  },
})
