import { type Client, serializeClaims } from '../core/index.js'
import type { ConfigurationFileShape } from './configuration-file-schema.js'
import { formatPath } from './format-path.js'
import type { ProblemDraft } from './problem-draft.js'
import { quoteForMessage } from './quote-for-message.js'

/**
 * The most bytes a client's claims add to one access token: the UTF-8 length
 * of the JSON of its claims as emitted (prefixed, serialized for a token). A
 * client without claims adds nothing.
 *
 * @example
 * clientClaimsBytes({ clientClaimsPrefix: 'client_', claims: [{ type: 'tier', value: '3', valueType: 'integer' }] })
 * // 16, the length of {"client_tier":3}
 */
export function clientClaimsBytes(client: Pick<Client, 'claims' | 'clientClaimsPrefix'>): number {
  if (client.claims.length === 0) return 0
  const emitted = client.claims.map((claim) => ({
    ...claim,
    type: `${client.clientClaimsPrefix}${claim.type}`,
  }))
  return Buffer.byteLength(JSON.stringify(serializeClaims(emitted, 'token').claims), 'utf8')
}

/**
 * A client whose claims alone would add more than `settings.tokenSizeBudgetBytes`
 * to an access token is refused: Cognito and the HTTP headers tokens travel in
 * have size limits, and client claims go into every token of the client.
 *
 * @example
 * checkTokenBudget({ ...data, settings: { tokenSizeBudgetBytes: 10 } })
 * // [{ path: ['clients', 0, 'claims'], message: 'clients[0].claims of client "m2m" add 16 bytes …', … }]
 */
export function checkTokenBudget(data: ConfigurationFileShape): ProblemDraft[] {
  const budget = data.settings.tokenSizeBudgetBytes
  const problems: ProblemDraft[] = []
  data.clients.forEach((client, index) => {
    const bytes = clientClaimsBytes(client)
    if (bytes <= budget) return
    const path = ['clients', index, 'claims']
    problems.push({
      path,
      at: 'value',
      message: `${formatPath(path)} of client ${quoteForMessage(client.clientId)} add ${bytes} bytes to each access token, over the budget of ${budget} bytes`,
      hint: 'remove or shorten client claims, or raise settings.tokenSizeBudgetBytes',
    })
  })
  return problems
}
