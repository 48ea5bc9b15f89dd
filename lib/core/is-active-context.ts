import type { ProfileIsActiveCaller } from './callers.js'
import type { Client } from './client.js'
import type { Subject } from './subject.js'

export interface IsActiveContextInit {
  readonly subject: Subject
  readonly client: Client
  readonly caller: ProfileIsActiveCaller
}

/**
 * Asks whether a user may obtain tokens now (Duende's IsActiveContext).
 * `isActive` starts true; a profile service sets it to false to refuse.
 */
export class IsActiveContext {
  readonly subject: Subject
  readonly client: Client
  readonly caller: ProfileIsActiveCaller
  isActive = true

  constructor(init: IsActiveContextInit) {
    this.subject = init.subject
    this.client = init.client
    this.caller = init.caller
  }
}
