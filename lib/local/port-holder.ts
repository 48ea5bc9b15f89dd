import { readdir, readFile, readlink } from 'node:fs/promises'

const LISTEN = '0A'

async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>()
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = await readFile(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/)
      const local = fields[1]
      if (local?.endsWith(`:${hexPort}`) && fields[3] === LISTEN && fields[9] !== undefined) {
        inodes.add(fields[9])
      }
    }
  }
  return inodes
}

async function commandLineOf(pid: string): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8')
  return raw.split('\0').filter(Boolean).join(' ')
}

async function holderOf(pid: string, sockets: ReadonlySet<string>): Promise<boolean> {
  let fds: string[]
  try {
    fds = await readdir(`/proc/${pid}/fd`)
  } catch {
    return false
  }
  for (const fd of fds) {
    try {
      if (sockets.has(await readlink(`/proc/${pid}/fd/${fd}`))) return true
    } catch {
      // The descriptor closed while it was read.
    }
  }
  return false
}

/**
 * Which process listens on TCP `port`, as `pid 1234: node scripts/…`, read
 * from /proc (Linux); `undefined` where /proc does not tell (another system,
 * or a process of another user).
 *
 * @example
 * await describePortHolder(9229) // 'pid 4242: node --import tsx scripts/start-local.ts'
 */
export async function describePortHolder(port: number): Promise<string | undefined> {
  const inodes = await listeningInodes(port)
  if (inodes.size === 0) return undefined
  const sockets = new Set([...inodes].map((inode) => `socket:[${inode}]`))
  let pids: string[]
  try {
    pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))
  } catch {
    return undefined
  }
  for (const pid of pids) {
    if (!(await holderOf(pid, sockets))) continue
    try {
      const command = await commandLineOf(pid)
      return `pid ${pid}: ${command.length > 160 ? `${command.slice(0, 160)}…` : command}`
    } catch {
      return `pid ${pid}`
    }
  }
  return undefined
}
