import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import {
  type ClaimsTableExport,
  exportClaimsTable,
  type InvalidStoredClaim,
} from '../dynamodb/index.js'

/** The whole table and the stored claims its reader had to drop. */
export interface ClaimsTableContents {
  readonly exported: ClaimsTableExport
  readonly invalidClaims: readonly InvalidStoredClaim[]
}

/**
 * Reads the whole table for plan and export (one Query per page of the
 * configuration, one Scan per page of users), keeping the reports of claims
 * that could not be read, so plan can rewrite their items and export can
 * warn about them.
 *
 * @example
 * const { exported, invalidClaims } = await readClaimsTable(client, 'claims')
 */
export async function readClaimsTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  signal?: AbortSignal,
): Promise<ClaimsTableContents> {
  const invalidClaims: InvalidStoredClaim[] = []
  const exported = await exportClaimsTable({
    client,
    tableName,
    onInvalidClaim: (report) => invalidClaims.push(report),
    ...(signal === undefined ? {} : { signal }),
  })
  return { exported, invalidClaims }
}

/** A warning line about a claim the reader dropped: where, never the value. */
export function formatInvalidClaim(report: InvalidStoredClaim): string {
  const owner =
    report.sub !== undefined ? `user ${report.sub}` : `client ${report.clientId ?? report.key.sk}`
  const type = report.claimType === undefined ? '' : ` (${report.claimType})`
  return `warning: ${owner}: stored claim ${report.index + 1}${type} cannot be read and is left out: ${report.reason}`
}
