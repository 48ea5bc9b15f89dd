/** Checks the settings the adapter's classes share; misuse is a plain TypeError. */
export function requireTableSettings(
  owner: string,
  options: { readonly client?: unknown; readonly tableName?: unknown },
): void {
  if (typeof options.client !== 'object' || options.client === null) {
    throw new TypeError(`${owner}: client is required`)
  }
  if (typeof options.tableName !== 'string' || options.tableName === '') {
    throw new TypeError(`${owner}: tableName must be a non-empty string`)
  }
}
