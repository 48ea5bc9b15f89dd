import {
  DefaultProfileService,
  type ProfileDataCaller,
  ProfileDataCallers,
  type ProfileService,
  runClaimsPipeline,
  staticConfigurationSource,
  type TokenPolicy,
} from '../../lib/core/index.js'
import { type ScaledProfile, scaledProfile } from '../support/scaled-profile.js'
import { median } from '../support/statistics.js'

export interface CoreScalingOptions {
  readonly sizes: readonly number[]
  /** Timed batches per size, interleaved across sizes. */
  readonly rounds: number
  /** About how long each batch runs. */
  readonly batchMs: number
  /** How long each size runs untimed first, for the JIT to settle. */
  readonly warmupMs: number
  /** The bare GetItem the core is judged against, timed between the batches. */
  readonly getItem: () => Promise<unknown>
  /** GetItems timed after each round of batches. */
  readonly getItemsPerRound: number
}

export interface CoreScalingRow {
  readonly claims: number
  /** Median over the batches of one call's time, in microseconds. */
  readonly microsPerCall: number
  readonly callsPerBatch: number
  /** Claims in both tokens together. */
  readonly claimsIssued: number
}

export interface CoreScalingResult {
  readonly rows: readonly CoreScalingRow[]
  /** Median of the GetItems timed between the batches, in microseconds. */
  readonly getItemP50Micros: number
}

const CALLERS: readonly ProfileDataCaller[] = [
  ProfileDataCallers.ClaimsProviderIdentityToken,
  ProfileDataCallers.ClaimsProviderAccessToken,
]

const TOKENS: readonly TokenPolicy[] = CALLERS.map((caller) => ({ caller, onInvalidValue: 'omit' }))

/**
 * One token request's work in the core, as the trigger runs it for a V2
 * event: the claims pipeline for the ID and the access token (the default
 * profile service on an in-memory store), without the Cognito ID-token
 * shaping. Resolves to the number of claims issued, so the work cannot be
 * optimized away.
 */
async function issueBothTokens(profile: ScaledProfile, profileService: ProfileService) {
  const { subject, client, configuration } = profile
  const result = await runClaimsPipeline({
    profileService,
    configurationSource: staticConfigurationSource(configuration),
    clientId: client.clientId,
    subject,
    scopes: profile.scopes,
    tokens: TOKENS,
  })
  let issued = 0
  for (const token of result.tokens) issued += Object.keys(token.claims).length
  return issued
}

interface SizeRun {
  readonly size: number
  readonly run: () => Promise<number>
  callsPerBatch: number
  claimsIssued: number
  readonly perCall: number[]
}

async function batch(sizeRun: SizeRun, calls: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < calls; i++) sizeRun.claimsIssued = await sizeRun.run()
  return performance.now() - started
}

/**
 * The core alone, without DynamoDB: time per token request for profiles of
 * each size. Each size first runs for `warmupMs`, for the JIT to settle, and
 * is calibrated to batches of about `batchMs`; then the sizes take turns,
 * batch by batch, and after each round a few bare GetItems are timed, so the
 * core and the GetItem it is judged against see the same machine load.
 */
export async function measureCoreScaling(options: CoreScalingOptions): Promise<CoreScalingResult> {
  const runs: SizeRun[] = options.sizes.map((size) => {
    const profile = scaledProfile(size)
    const user = { sub: profile.subject.sub, active: true, claims: profile.claims }
    const profileService = new DefaultProfileService({ findUser: async () => user })
    return {
      size,
      run: () => issueBothTokens(profile, profileService),
      callsPerBatch: 1,
      claimsIssued: 0,
      perCall: [],
    }
  })
  for (const sizeRun of runs) {
    const warmUntil = performance.now() + options.warmupMs
    while (performance.now() < warmUntil) await sizeRun.run()
    let calls = 1
    let elapsed = await batch(sizeRun, calls)
    // Doubling until a batch lasts long enough also serves as the warm-up.
    while (elapsed < options.batchMs) {
      calls *= 2
      elapsed = await batch(sizeRun, calls)
    }
    sizeRun.callsPerBatch = calls
  }
  const getItemMicros: number[] = []
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < runs.length; i++) {
      const sizeRun = runs[(i + round) % runs.length] as SizeRun
      const elapsed = await batch(sizeRun, sizeRun.callsPerBatch)
      sizeRun.perCall.push((elapsed * 1000) / sizeRun.callsPerBatch)
    }
    for (let i = 0; i < options.getItemsPerRound; i++) {
      const started = performance.now()
      await options.getItem()
      getItemMicros.push((performance.now() - started) * 1000)
    }
  }
  return {
    rows: runs.map((sizeRun) => ({
      claims: sizeRun.size,
      microsPerCall: median(sizeRun.perCall),
      callsPerBatch: sizeRun.callsPerBatch,
      claimsIssued: sizeRun.claimsIssued,
    })),
    getItemP50Micros: median(getItemMicros),
  }
}
