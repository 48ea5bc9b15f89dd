import {
  ARN_TRIGGERS,
  type ArnTrigger,
  type LambdaTriggers,
  PRE_TOKEN_GENERATION_VERSIONS,
  type PreTokenGenerationVersion,
} from './lambda-triggers.js'

/** The properties of the `Custom::UserPoolTriggers` resource, validated. */
export interface AttachTriggersProperties {
  readonly userPoolId: string
  readonly triggers: LambdaTriggers
  /** Whether an attach may replace triggers that point at other functions. */
  readonly replaceExistingTriggers: boolean
}

// Cognito's own pattern for a user pool id.
const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/
const LAMBDA_ARN = /^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[\w-]+$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// CloudFormation passes every scalar property as a string.
function flag(name: string, value: unknown): boolean {
  if (value === undefined || value === false || value === 'false') return false
  if (value === true || value === 'true') return true
  throw new TypeError(`${name} must be true or false`)
}

function lambdaArn(name: string, value: unknown): string {
  if (typeof value !== 'string' || !LAMBDA_ARN.test(value)) {
    throw new TypeError(`${name} must be an unqualified Lambda function ARN`)
  }
  return value
}

/**
 * Reads the custom resource's properties, as CloudFormation sends them:
 *
 * ```yaml
 * UserPoolId: eu-west-1_AbCdEf123
 * Triggers:
 *   PreAuthentication: arn:aws:lambda:eu-west-1:123456789012:function:claimsmith-prod-pre-authentication
 *   PreTokenGenerationConfig:
 *     LambdaArn: arn:aws:lambda:eu-west-1:123456789012:function:claimsmith-prod-pre-token-generation
 *     LambdaVersion: V2_0
 * ReplaceExistingTriggers: "false"   # optional
 * ```
 *
 * @example
 * const { userPoolId, triggers } = parseAttachTriggersProperties(event.ResourceProperties)
 */
export function parseAttachTriggersProperties(properties: unknown): AttachTriggersProperties {
  if (!isRecord(properties)) throw new TypeError('the resource properties must be an object')
  const { UserPoolId, Triggers, ReplaceExistingTriggers } = properties
  if (typeof UserPoolId !== 'string' || !USER_POOL_ID.test(UserPoolId)) {
    throw new TypeError('UserPoolId must be a Cognito user pool id such as eu-west-1_AbCdEf123')
  }
  if (!isRecord(Triggers) || Object.keys(Triggers).length === 0) {
    throw new TypeError('Triggers must name at least one trigger')
  }
  const triggers: { -readonly [K in keyof LambdaTriggers]: LambdaTriggers[K] } = {}
  for (const [name, value] of Object.entries(Triggers)) {
    if (name === 'PreTokenGenerationConfig') {
      if (!isRecord(value))
        throw new TypeError('Triggers.PreTokenGenerationConfig must be an object')
      const version = value.LambdaVersion
      if (!PRE_TOKEN_GENERATION_VERSIONS.includes(version as PreTokenGenerationVersion)) {
        throw new TypeError(
          `Triggers.PreTokenGenerationConfig.LambdaVersion must be one of ${PRE_TOKEN_GENERATION_VERSIONS.join(', ')}`,
        )
      }
      triggers.PreTokenGenerationConfig = {
        LambdaArn: lambdaArn('Triggers.PreTokenGenerationConfig.LambdaArn', value.LambdaArn),
        LambdaVersion: version as PreTokenGenerationVersion,
      }
    } else if (ARN_TRIGGERS.includes(name as ArnTrigger)) {
      triggers[name as ArnTrigger] = lambdaArn(`Triggers.${name}`, value)
    } else {
      throw new TypeError(
        `Triggers.${name} is not supported; use ${[...ARN_TRIGGERS, 'PreTokenGenerationConfig'].join(', ')}`,
      )
    }
  }
  return {
    userPoolId: UserPoolId,
    triggers,
    replaceExistingTriggers: flag('ReplaceExistingTriggers', ReplaceExistingTriggers),
  }
}
