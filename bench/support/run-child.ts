import { fork } from 'node:child_process'
import { killOnExit } from './kill-on-exit.js'

/** How to run one child script. */
export interface RunChildOptions {
  /** The child's whole environment: nothing of the parent's leaks in. */
  readonly env: Readonly<Record<string, string>>
  /** Node.js flags. Default none: the parent's own (tsx's loader) are never passed on. */
  readonly execArgv?: readonly string[]
  /** Default 60 s. */
  readonly timeoutMs?: number
}

const OUTPUT_LIMIT = 4_000

/**
 * Forks `scriptPath` with `job` as JSON in its first argument and, once the
 * child has exited, resolves to the first message it sent over IPC. Its
 * standard output (the functions' log lines) is discarded; its standard
 * error is kept for the error message when it exits or times out without
 * reporting.
 *
 * @example
 * const report = await runChild<ColdStartReport>(childPath, job, { env })
 */
export function runChild<TReport>(
  scriptPath: string,
  job: unknown,
  options: RunChildOptions,
): Promise<TReport> {
  const child = killOnExit(
    fork(scriptPath, [JSON.stringify(job)], {
      execArgv: [...(options.execArgv ?? [])],
      env: { ...options.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-OUTPUT_LIMIT)
  })
  return new Promise<TReport>((resolve, reject) => {
    let report: { readonly message: TReport } | undefined
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs ?? 60_000)
    child.once('message', (message) => {
      report = { message: message as TReport }
    })
    // Settled on exit, not on the message, so no two children ever overlap.
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (report !== undefined) {
        resolve(report.message)
        return
      }
      const why = timedOut
        ? `did not report within ${options.timeoutMs ?? 60_000} ms`
        : `exited without a report (code ${code}, signal ${signal})`
      reject(new Error(`${scriptPath} ${why}\n${stderr.trim()}`))
    })
  })
}
