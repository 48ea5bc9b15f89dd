import { randomUUID } from 'node:crypto'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import {
  createClaimsTable,
  createDynamoDbClient,
  DynamoDbClaimsWriter,
} from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import type { InProcessFunctions } from './in-process-bundle.js'
import { SETUP_CLIENT_SETTINGS } from './setup-client-settings.js'
import { TYPICAL_CONFIGURATION, TYPICAL_USER } from './typical-profile.js'

/** The claims table of the run, holding the typical profile and its configuration. */
export interface BenchTable {
  readonly endpoint: string
  readonly tableName: string
  /**
   * A client made by the in-process bundle as the functions make theirs
   * (`createDynamoDbClient`, its timeouts and retries), pointed at DynamoDB
   * Local. Each caller gets its own, so one measurement's connections and
   * counters stay its own.
   */
  newClient(): DynamoDBDocumentClient
  /** Destroys the clients handed out. */
  close(): void
}

/**
 * Creates a fresh table on `endpoint` and writes the typical user and its
 * configuration through the project's own writer.
 *
 * @example
 * const table = await openBenchTable(local.endpoint, functions)
 */
export async function openBenchTable(
  endpoint: string,
  functions: Pick<InProcessFunctions, 'createBenchClient'>,
): Promise<BenchTable> {
  const clients: DynamoDBDocumentClient[] = []
  const newClient = () => {
    const client = functions.createBenchClient(endpoint)
    clients.push(client)
    return client
  }
  const tableName = `claims-bench-${randomUUID()}`
  await createTypicalTable(endpoint, tableName)
  return {
    endpoint,
    tableName,
    newClient,
    close() {
      for (const client of clients) client.destroy()
    },
  }
}

/**
 * Creates `tableName` on `endpoint` and writes the typical user and its
 * configuration through the project's own writer, then hands the setup
 * client to `more` for anything else the table should hold.
 *
 * @example
 * await createTypicalTable(endpoint, 'claims-scale-10', (admin) => writeClients(admin))
 */
export async function createTypicalTable(
  endpoint: string,
  tableName: string,
  more?: (admin: DynamoDBDocumentClient) => Promise<void>,
): Promise<void> {
  // The table is set up from the source, with the source's SDK; only the measured clients are bundled.
  const admin = createDynamoDbClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    // Setting up is not measured: generous bounds, so a loaded machine does not fail the run.
    ...SETUP_CLIENT_SETTINGS,
  })
  try {
    await createClaimsTable(admin, tableName)
    const writer = new DynamoDbClaimsWriter({ client: admin, tableName })
    for (const item of TYPICAL_CONFIGURATION) await writer.putConfigurationItem(item)
    await writer.putUser(TYPICAL_USER)
    await more?.(admin)
  } finally {
    admin.destroy()
  }
}
