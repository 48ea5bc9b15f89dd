import type { TestProject } from 'vitest/node'

/**
 * Starts the servers the suites share, once per run, on loopback. The DynamoDB
 * servers are added by the store's suite.
 */
export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  return async () => {}
}
