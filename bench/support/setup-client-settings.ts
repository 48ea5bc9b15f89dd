/** Client bounds for writing the benchmark's tables, which are not measured. */
export const SETUP_CLIENT_SETTINGS = Object.freeze({
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  maxAttempts: 5,
})
