import type { TestProject } from 'vitest/node'
import { startDynamoDbLocal } from '../../lib/local/start-dynamodb-local.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The endpoint of the DynamoDB Local the run shares, e.g. `http://127.0.0.1:41234`. */
    dynamoDbLocalEndpoint: string
  }
}

/**
 * Starts Amazon DynamoDB Local once per run, provides its endpoint to the
 * suites as `dynamoDbLocalEndpoint`, and stops it afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startDynamoDbLocal()
  project.provide('dynamoDbLocalEndpoint', local.endpoint)
  return () => local.stop()
}
