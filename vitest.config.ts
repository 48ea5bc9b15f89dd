import { defineConfig } from 'vitest/config'

// The AWS SDK's warning that its releases after January 2027 need Node.js 22,
// for the global setup here (DynamoDB Local's readiness check) and, inherited,
// for every test worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['lib/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'lib/core/**': { lines: 95, branches: 90, functions: 95, statements: 95 },
      },
    },
  },
})
