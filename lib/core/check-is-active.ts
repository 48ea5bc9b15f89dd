import type { ProfileIsActiveCaller } from './callers.js'
import type { Client } from './client.js'
import { IsActiveContext } from './is-active-context.js'
import type { ProfileService } from './profile-service.js'
import type { Subject } from './subject.js'

export interface CheckIsActiveRequest {
  readonly profileService: ProfileService
  readonly subject: Subject
  readonly client: Client
  readonly caller: ProfileIsActiveCaller
  readonly signal?: AbortSignal | undefined
}

/**
 * Asks the profile service whether the user may obtain tokens now.
 *
 * @example
 * if (!(await checkIsActive({ profileService, subject, client, caller }))) throw new UserInactiveError()
 */
export async function checkIsActive(request: CheckIsActiveRequest): Promise<boolean> {
  const context = new IsActiveContext(request)
  await request.profileService.isActive(context, request.signal)
  return context.isActive
}
