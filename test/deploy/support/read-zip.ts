import { inflateRawSync } from 'node:zlib'

export interface ZipEntryRead {
  readonly name: string
  readonly content: Buffer
  /** The DOS date and time fields as written. */
  readonly dosDate: number
  readonly dosTime: number
  /** Unix mode from the external attributes. */
  readonly mode: number
  /** Extra fields of the central directory entry (empty: no time-zone-dependent timestamps). */
  readonly extraLength: number
}

/**
 * Reads a zip archive's entries from its central directory, in archive order.
 * Enough for the archives the build writes (stored or deflated, no zip64).
 */
export function readZip(zip: Buffer): ZipEntryRead[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error('not a zip archive')
  const count = zip.readUInt16LE(eocd + 10)
  let offset = zip.readUInt32LE(eocd + 16)
  const entries: ZipEntryRead[] = []
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry')
    const method = zip.readUInt16LE(offset + 10)
    const dosTime = zip.readUInt16LE(offset + 12)
    const dosDate = zip.readUInt16LE(offset + 14)
    const compressedSize = zip.readUInt32LE(offset + 20)
    const nameLength = zip.readUInt16LE(offset + 28)
    const extraLength = zip.readUInt16LE(offset + 30)
    const commentLength = zip.readUInt16LE(offset + 32)
    const mode = zip.readUInt32LE(offset + 38) >>> 16
    const localOffset = zip.readUInt32LE(offset + 42)
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength)
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28)
    const data = zip.subarray(dataStart, dataStart + compressedSize)
    const content = method === 8 ? inflateRawSync(data) : Buffer.from(data)
    entries.push({ name, content, dosDate, dosTime, mode, extraLength })
    offset += 46 + nameLength + extraLength + commentLength
  }
  return entries
}
