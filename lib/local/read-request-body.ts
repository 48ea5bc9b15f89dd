import type { IncomingMessage } from 'node:http'

/**
 * The request body, or `undefined` when it is larger than `limit` bytes (the
 * rest is left unread, so an oversized body costs no more than `limit`).
 *
 * @example
 * const body = await readRequestBody(request, 16 * 1024)
 * if (body === undefined) return reply(413)
 */
export async function readRequestBody(
  request: IncomingMessage,
  limit: number,
): Promise<Buffer | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > limit) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
