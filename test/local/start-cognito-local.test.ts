import { existsSync, realpathSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { startCognitoLocal } from '../../lib/local/start-cognito-local.js'

describe('startCognitoLocal', () => {
  it('refuses PreAuthentication: cognito-local 5.3.0 has no such trigger', async () => {
    await expect(
      startCognitoLocal({
        lambdaEndpoint: 'http://127.0.0.1:9',
        triggerFunctions: { PreAuthentication: 'pre-authentication' } as never,
      }),
    ).rejects.toThrow(/has no PreAuthentication trigger/)
  })

  it('refuses trigger functions without a Lambda endpoint', async () => {
    await expect(
      startCognitoLocal({ triggerFunctions: { PreTokenGeneration: 'pre-token-generation' } }),
    ).rejects.toThrow('triggerFunctions need a lambdaEndpoint')
  })

  it('serves on loopback with the issuer of its real port and its data in its own directory', async () => {
    const cognito = await startCognitoLocal()
    let dataDir: string | undefined
    try {
      const idp = new CognitoIdentityProviderClient({
        endpoint: cognito.endpoint,
        region: LOCAL_REGION,
        credentials: { ...LOCAL_CREDENTIALS },
      })
      const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'probe' }))
      idp.destroy()
      const poolId = UserPool?.Id as string
      const jwks = (await (await fetch(cognito.jwksUrl(poolId))).json()) as { keys: unknown[] }
      const config = await readFile(`/proc/${cognito.pid}/cwd/.cognito/config.json`, 'utf8').then(
        (text) => JSON.parse(text) as { TokenConfig: { IssuerDomain: string } },
      )
      dataDir = realpathSync(`/proc/${cognito.pid}/cwd`)

      expect(new URL(cognito.endpoint).hostname).toBe('127.0.0.1')
      expect(cognito.issuer(poolId)).toBe(`${cognito.endpoint}/${poolId}`)
      expect(config.TokenConfig.IssuerDomain).toBe(cognito.endpoint)
      expect(jwks.keys).toHaveLength(1)
    } finally {
      await cognito.stop()
    }
    expect(existsSync(join(dataDir as string, '.cognito'))).toBe(false)
  })
})
