// yazl 3 ships no types; this declares the part of its API the build uses.
declare module 'yazl' {
  import type { Readable } from 'node:stream'

  export interface ZipEntryOptions {
    mtime?: Date
    mode?: number
    compress?: boolean
    compressionLevel?: number
    forceZip64Format?: boolean
    forceDosTimestamp?: boolean
    fileComment?: string | Buffer
  }

  export class ZipFile {
    readonly outputStream: Readable
    addBuffer(buffer: Buffer, metadataPath: string, options?: ZipEntryOptions): void
    end(options?: { forceZip64Format?: boolean; comment?: string | Buffer }): void
  }
}
