import type { IsActiveContext } from './is-active-context.js'
import type { ProfileDataRequestContext } from './profile-data-request-context.js'

/**
 * Loads claims for a user and says whether the user is active (Duende's
 * IProfileService). Implement it to take full control; extend or wrap
 * `DefaultProfileService` to adjust the default.
 *
 * @example
 * const profileService: ProfileService = {
 *   async getProfileData(context) {
 *     context.issuedClaims.push({ type: 'tenant_id', value: '42', valueType: 'integer' })
 *   },
 *   async isActive(context) {
 *     context.isActive = context.subject.sub !== 'banned'
 *   },
 * }
 */
export interface ProfileService {
  getProfileData(context: ProfileDataRequestContext, signal?: AbortSignal): Promise<void>
  isActive(context: IsActiveContext, signal?: AbortSignal): Promise<void>
}
