import type { Context } from 'aws-lambda'

/**
 * What the local Invoke API runs for a function: an async Lambda handler,
 * given the parsed event and a Lambda context; its result is sent back as
 * JSON. A function's `handler` export fits, and so does `BundleFunction.handler`.
 *
 * @example
 * const echo: LocalLambdaHandler = async (event) => event
 */
export type LocalLambdaHandler = (event: unknown, context: Context) => Promise<unknown>
