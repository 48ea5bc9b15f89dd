import type { Claim, JsonValue } from './claim.js'
import type { ClaimDecision, ClaimDecisionReason, ClaimOrigin } from './claim-decision.js'

/** A claim that passed serialization, awaiting the token's shaping. */
interface KeptClaim {
  readonly claim: Claim
  readonly value: JsonValue
  /** Set when the value did not parse and is sent as its text (userinfo). */
  readonly problem: string | undefined
}

/**
 * Records, for one token or response, what became of every candidate claim.
 * The pipeline makes one only when a request asks for decisions; each step
 * (the profile service's context, client claims, serialization, shaping)
 * records into it when it is there and does nothing extra when it is not, so
 * the hot path pays one `undefined` check per step.
 *
 * @example
 * const trace = new ClaimTrace()
 * trace.drop(claim, 'not-requested')
 * trace.decisions // [{ claim, origin: 'profile', emitted: false, reason: 'not-requested' }]
 */
export class ClaimTrace {
  readonly decisions: ClaimDecision[] = []
  readonly #origins = new Map<Claim, ClaimOrigin>()
  readonly #kept: KeptClaim[] = []

  /** Says where a claim came from; a claim never labelled is a custom profile service's. */
  label(claims: Iterable<Claim>, origin: ClaimOrigin): void {
    for (const claim of claims) this.#origins.set(claim, origin)
  }

  originOf(claim: Claim): ClaimOrigin {
    return this.#origins.get(claim) ?? 'profile'
  }

  drop(claim: Claim, reason: ClaimDecisionReason, problem?: string): void {
    this.decisions.push({
      claim,
      origin: this.originOf(claim),
      emitted: false,
      reason,
      ...(problem === undefined ? {} : { problem }),
    })
  }

  /** A claim serialization kept; `settle` decides it once the token is shaped. */
  keep(claim: Claim, value: JsonValue, problem?: string): void {
    this.#kept.push({ claim, value, problem })
  }

  /**
   * Decides every kept claim once the token is shaped: dropped when shaping
   * left its type out (`shapedOut`, type → problem), or when shaping reduced
   * its type to the first value (`reduced`) and it is not that first one;
   * emitted otherwise.
   */
  settle(
    shapedOut: ReadonlyMap<string, string>,
    reduced: ReadonlySet<string>,
    hasUser: boolean,
  ): void {
    const firstSeen = new Set<string>()
    for (const { claim, value, problem } of this.#kept) {
      const shapingProblem = shapedOut.get(claim.type)
      if (shapingProblem !== undefined) {
        this.drop(claim, 'shaped-out', shapingProblem)
        continue
      }
      if (reduced.has(claim.type)) {
        if (firstSeen.has(claim.type)) {
          this.drop(claim, 'shaped-out', 'reduced-to-first-value')
          continue
        }
        firstSeen.add(claim.type)
      }
      const origin = this.originOf(claim)
      const reason: ClaimDecisionReason =
        problem !== undefined
          ? 'invalid-value-as-text'
          : origin === 'client'
            ? hasUser
              ? 'always-send'
              : 'no-user'
            : 'requested'
      this.decisions.push({
        claim,
        origin,
        emitted: true,
        reason,
        value,
        ...(problem === undefined ? {} : { problem }),
      })
    }
    this.#kept.length = 0
  }
}
