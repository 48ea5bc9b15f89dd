/**
 * The fake identity every local DynamoDB (DynamoDB Local, dynalite) is spoken
 * to with. DynamoDB Local keeps one database per access key and region, so
 * every client of a run, in this process and in child processes, must use the
 * same pair to see the same tables.
 */
export const LOCAL_REGION = 'us-east-1'

export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' })
