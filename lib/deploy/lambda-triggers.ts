import type {
  LambdaConfigType,
  PreTokenGenerationLambdaVersionType,
} from '@aws-sdk/client-cognito-identity-provider'

/** The LambdaConfig members that hold a plain function ARN. */
export const ARN_TRIGGERS = [
  'PreSignUp',
  'CustomMessage',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'UserMigration',
] as const satisfies readonly (keyof LambdaConfigType)[]

export type ArnTrigger = (typeof ARN_TRIGGERS)[number]

export const PRE_TOKEN_GENERATION_VERSIONS = [
  'V1_0',
  'V2_0',
  'V3_0',
] as const satisfies readonly PreTokenGenerationLambdaVersionType[]

export type PreTokenGenerationVersion = (typeof PRE_TOKEN_GENERATION_VERSIONS)[number]

/**
 * The triggers one deployment owns on a user pool. Custom sender triggers are
 * left out on purpose: they need a KMS key and grants this project does not manage.
 */
export type LambdaTriggers = {
  readonly [K in ArnTrigger]?: string
} & {
  readonly PreTokenGenerationConfig?: {
    readonly LambdaArn: string
    readonly LambdaVersion: PreTokenGenerationVersion
  }
}

/**
 * The pool's Lambda configuration with `triggers` set and every other trigger
 * (and the custom senders' KMS key) kept as it was.
 *
 * Cognito requires the legacy `PreTokenGeneration` ARN to equal
 * `PreTokenGenerationConfig.LambdaArn` when both are present, so both are set.
 *
 * @example
 * withTriggers(pool.LambdaConfig, { PreAuthentication: arn })
 */
export function withTriggers(
  current: LambdaConfigType | undefined,
  triggers: LambdaTriggers,
): LambdaConfigType {
  const next: LambdaConfigType = structuredClone(current ?? {})
  for (const trigger of ARN_TRIGGERS) {
    const arn = triggers[trigger]
    if (arn !== undefined) next[trigger] = arn
  }
  const preToken = triggers.PreTokenGenerationConfig
  if (preToken !== undefined) {
    next.PreTokenGeneration = preToken.LambdaArn
    next.PreTokenGenerationConfig = {
      LambdaArn: preToken.LambdaArn,
      LambdaVersion: preToken.LambdaVersion,
    }
  }
  return next
}

/**
 * The pool's Lambda configuration without `triggers`: a trigger is removed
 * only while it still points at the same function, so a trigger someone set
 * since (by hand, or another stack) is left alone.
 *
 * @example
 * withoutTriggers(pool.LambdaConfig, { PreAuthentication: arn })
 */
export function withoutTriggers(
  current: LambdaConfigType | undefined,
  triggers: LambdaTriggers,
): LambdaConfigType {
  const next: LambdaConfigType = structuredClone(current ?? {})
  for (const trigger of ARN_TRIGGERS) {
    const arn = triggers[trigger]
    if (arn !== undefined && next[trigger] === arn) delete next[trigger]
  }
  const arn = triggers.PreTokenGenerationConfig?.LambdaArn
  if (arn !== undefined) {
    const configured = next.PreTokenGenerationConfig?.LambdaArn
    if (configured === arn || (configured === undefined && next.PreTokenGeneration === arn)) {
      delete next.PreTokenGenerationConfig
      if (next.PreTokenGeneration === arn) delete next.PreTokenGeneration
    }
  }
  return next
}

/**
 * The members of a pool's Lambda configuration that a set of triggers writes:
 * what an attach may replace, and what it restores on delete.
 */
export type TriggerMembers = Pick<
  LambdaConfigType,
  ArnTrigger | 'PreTokenGeneration' | 'PreTokenGenerationConfig'
>

/**
 * What `current` has, in the members `triggers` would write, that points at a
 * function none of `ours` names for that trigger: another tool's or another
 * stack's trigger, which setting `triggers` would overwrite. Empty when there
 * is none.
 *
 * @example
 * foreignTriggers(pool.LambdaConfig, wanted, [previous, wanted])
 */
export function foreignTriggers(
  current: LambdaConfigType | undefined,
  triggers: LambdaTriggers,
  ours: readonly LambdaTriggers[],
): TriggerMembers {
  const found: { -readonly [K in keyof TriggerMembers]: TriggerMembers[K] } = {}
  for (const trigger of ARN_TRIGGERS) {
    const arn = current?.[trigger]
    if (triggers[trigger] === undefined || arn === undefined) continue
    if (!ours.some((own) => own[trigger] === arn)) found[trigger] = arn
  }
  if (triggers.PreTokenGenerationConfig !== undefined) {
    const legacy = current?.PreTokenGeneration
    const config = current?.PreTokenGenerationConfig
    const isOurs = (arn: string | undefined) =>
      arn === undefined || ours.some((own) => own.PreTokenGenerationConfig?.LambdaArn === arn)
    if (!isOurs(legacy) || !isOurs(config?.LambdaArn)) {
      if (legacy !== undefined) found.PreTokenGeneration = legacy
      if (config !== undefined) found.PreTokenGenerationConfig = structuredClone(config)
    }
  }
  return found
}

/**
 * The pool's Lambda configuration with `triggers` taken off where they still
 * point at the same functions and, for each one taken off, what `replaced`
 * recorded for it put back. A trigger someone pointed elsewhere since stays.
 *
 * @example
 * restoreTriggers(pool.LambdaConfig, ours, { PreAuthentication: theirs })
 */
export function restoreTriggers(
  current: LambdaConfigType | undefined,
  triggers: LambdaTriggers,
  replaced: TriggerMembers,
): LambdaConfigType {
  const next = withoutTriggers(current, triggers)
  for (const trigger of ARN_TRIGGERS) {
    const arn = replaced[trigger]
    if (arn !== undefined && current?.[trigger] !== undefined && next[trigger] === undefined) {
      next[trigger] = arn
    }
  }
  const hadPreToken =
    current?.PreTokenGeneration !== undefined || current?.PreTokenGenerationConfig !== undefined
  const tookPreTokenOff =
    next.PreTokenGeneration === undefined && next.PreTokenGenerationConfig === undefined
  if (triggers.PreTokenGenerationConfig !== undefined && hadPreToken && tookPreTokenOff) {
    if (replaced.PreTokenGeneration !== undefined) {
      next.PreTokenGeneration = replaced.PreTokenGeneration
    }
    if (replaced.PreTokenGenerationConfig !== undefined) {
      next.PreTokenGenerationConfig = structuredClone(replaced.PreTokenGenerationConfig)
    }
  }
  return next
}
