import { EventEmitter, once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import { scanUsers, type VersionedUser } from '../../dynamodb/index.js'
import type { CliOutputStream } from '../cli-io.js'
import type { CommandDefinition } from '../command-definition.js'
import { TABLE_OPTIONS } from '../common-options.js'
import { fileError } from '../load-configuration-file.js'
import { openClaimsTable } from '../open-claims-table.js'
import { positiveIntegerValue, stringValue } from '../parse-command-line.js'
import { formatInvalidClaim } from '../read-claims-table.js'

const COMMAND = 'users export'

/** A user as one JSON Lines record of `users import`: `active` only when false. */
export function userRecordLine(user: VersionedUser): string {
  return `${JSON.stringify({
    sub: user.sub,
    ...(user.active ? {} : { active: false }),
    claims: user.claims,
  })}\n`
}

/** Writes `line`, waiting for the stream to drain when it says it is full (backpressure). */
async function writeLine(out: CliOutputStream | Writable, line: string): Promise<void> {
  if (out.write(line) === false && out instanceof EventEmitter) await once(out, 'drain')
}

/** `claimsmith users export`: every user as JSON Lines, streamed. */
export const usersExportCommand: CommandDefinition = {
  name: COMMAND,
  summary: 'write every user as JSON Lines, streaming, with parallel Scan segments',
  usage: 'claimsmith users export --table <name> [--output <file>] [--segments <n>]',
  description: [
    'Scans the users with --segments parallel Scan segments (default 4) and writes one JSON Lines record per user, in the format users import reads, to stdout or to --output. Memory stays bounded whatever the number of users: each segment reads at most two pages ahead. Users come segment by segment, each in DynamoDB’s key order, so the same table gives the same file every time. Stored claims that cannot be read are left out with a warning on stderr.',
  ],
  options: {
    ...TABLE_OPTIONS,
    output: {
      type: 'string',
      short: 'o',
      placeholder: 'file',
      description: 'write to this file (replacing it) instead of stdout',
    },
    segments: {
      type: 'string',
      placeholder: 'n',
      description: 'parallel Scan segments (default 4)',
    },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    {
      command: 'claimsmith users export --table claims -o users.jsonl',
      description: 'exports every user, for users import',
    },
  ],
  async run(context, { values }) {
    const segments = positiveIntegerValue(values, 'segments', COMMAND, 4)
    const { client, tableName } = openClaimsTable(context, values, COMMAND)
    const output = stringValue(values, 'output')
    const path = output === undefined ? undefined : context.resolvePath(output)
    const temporary = path === undefined ? undefined : `${path}.${process.pid}.tmp`
    const file = temporary === undefined ? undefined : createWriteStream(temporary)
    const out = file ?? context.stdout
    let users = 0
    try {
      for await (const user of scanUsers({
        client,
        tableName,
        segments,
        onInvalidClaim: (report) => context.err(formatInvalidClaim(report)),
      })) {
        await writeLine(out, userRecordLine(user))
        users += 1
      }
      if (file !== undefined && temporary !== undefined && path !== undefined) {
        file.end()
        await once(file, 'close')
        // Written next to the target and renamed, so a failure never leaves half a file.
        await rename(temporary, path).catch((error: unknown) => {
          throw fileError(error, output ?? path, 'write')
        })
      }
    } catch (error) {
      if (file !== undefined && temporary !== undefined) {
        file.destroy()
        await rm(temporary, { force: true })
      }
      throw error
    }
    context.err(`Exported ${users} user(s) of table ${tableName}.`)
    return 0
  },
}
