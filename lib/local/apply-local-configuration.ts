import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { type ApplyResult, applyPlan } from '../cli/apply-plan.js'
import { planConfiguration } from '../cli/plan-configuration.js'
import type { ClaimsmithConfigurationFile } from '../configuration-file/index.js'
import { DynamoDbClaimsWriter, exportClaimsTable } from '../dynamodb/index.js'

/** Settings for `applyLocalConfiguration`. */
export interface ApplyLocalConfigurationOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  readonly configuration: ClaimsmithConfigurationFile
  /**
   * The app client ids the emulator gave each client of the file, by the
   * file's client id. cognito-local makes its own ids, so the file's are
   * replaced before the configuration is written.
   */
  readonly clientIds: ReadonlyMap<string, string>
}

/**
 * Writes a configuration file to the claims table the way `claimsmith apply`
 * does (plan against the table, then conditional writes; nothing deleted),
 * users included, with each client under the id the local Cognito gave it.
 *
 * @example
 * await applyLocalConfiguration({ client, tableName, configuration, clientIds: new Map([['6example2spa3client4id', 'k3j…']]) })
 */
export async function applyLocalConfiguration(
  options: ApplyLocalConfigurationOptions,
): Promise<ApplyResult> {
  const { client, tableName, configuration, clientIds } = options
  const clients = configuration.clients.map((each) => {
    const clientId = clientIds.get(each.clientId)
    if (clientId === undefined) {
      throw new TypeError(`applyLocalConfiguration: no local app client for ${each.clientId}`)
    }
    return { ...each, clientId }
  })
  const localConfiguration = { ...configuration, clients }
  const plan = planConfiguration(
    localConfiguration,
    await exportClaimsTable({ client, tableName }),
    {
      manageUsers: true,
    },
  )
  return applyPlan(new DynamoDbClaimsWriter({ client, tableName }), plan)
}
