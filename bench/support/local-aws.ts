/**
 * The fake identity DynamoDB Local is spoken to with. It keeps one database
 * per access key and region, so every client of the run, in this process and
 * in the child processes, uses the same pair.
 */
export const LOCAL_REGION = 'us-east-1'

export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' })
