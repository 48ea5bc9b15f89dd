import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { ZipFile } from 'yazl'

export interface ZipEntry {
  /** The path inside the archive, with forward slashes. */
  readonly name: string
  readonly content: Buffer
}

/**
 * Every entry's modification time. A fixed time (and fixed mode and entry
 * order) makes the archive a function of its contents: rebuilding unchanged
 * code gives the same bytes, so the deployment sees no change. The zip's DOS
 * timestamp is written from local-time fields, so the time is built from
 * local fields too and the UTC extra field is left out: the bytes do not
 * depend on the machine's time zone.
 */
export function zipEntryTime(): Date {
  return new Date(2000, 0, 1, 0, 0, 0)
}

/**
 * Writes a zip archive whose bytes depend only on the entries' names and
 * contents: entries sorted by name, fixed time, mode 0644, no time-zone-dependent fields.
 *
 * @example
 * await writeDeterministicZip('dist/userinfo.zip', [{ name: 'index.mjs', content }])
 */
export async function writeDeterministicZip(
  path: string,
  entries: readonly ZipEntry[],
): Promise<void> {
  const zip = new ZipFile()
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of sorted) {
    zip.addBuffer(entry.content, entry.name, {
      mtime: zipEntryTime(),
      mode: 0o100644,
      compressionLevel: 9,
      forceDosTimestamp: true,
    })
  }
  zip.end()
  await pipeline(zip.outputStream, createWriteStream(path))
}
