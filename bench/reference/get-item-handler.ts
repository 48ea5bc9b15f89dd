/**
 * The cold-start reference: the least a function that reads DynamoDB can do.
 * It creates a DynamoDB client at module scope, as any function would, and
 * answers each event with one GetItem of the user's item. It is bundled with
 * the same esbuild settings as the functions, in the same run.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'

const client = new DynamoDBClient({})
const tableName = process.env.CLAIMS_TABLE

interface UserEvent {
  readonly request: { readonly userAttributes: { readonly sub: string } }
}

export const handler = async (event: UserEvent): Promise<{ found: boolean }> => {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: `USER#${event.request.userAttributes.sub}` }, sk: { S: 'PROFILE' } },
    }),
  )
  return { found: Item !== undefined }
}
