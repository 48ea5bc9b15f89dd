import type { CliOutputStream } from './cli-io.js'
import type { ImportProgress } from './import-users.js'

/** Shows an import's progress, and clears up when it ends. */
export interface ProgressReporter {
  update(progress: ImportProgress): void
  done(): void
}

/** Options for `createProgressReporter`. */
export interface ProgressReporterOptions {
  readonly stream: CliOutputStream
  /** A redrawn bar (a terminal), or a plain line every `every` records. */
  readonly interactive: boolean
  /** Records between plain lines. Default 1000. */
  readonly every?: number
  /** Milliseconds now; tests pass a fake clock. Default `performance.now`. */
  readonly now?: () => number
}

const BAR_WIDTH = 24
const REDRAW_MS = 100

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}

const number = (n: number) => n.toLocaleString('en-US')

/**
 * Progress for a person or for a log: on a terminal a bar redrawn in place
 * (at most every 100 ms) with the share of the file read, the records, the
 * rate and the time left; otherwise a plain line every `every` records, so
 * CI logs stay short.
 *
 * @example
 * const progress = createProgressReporter({ stream: process.stderr, interactive: process.stderr.isTTY })
 * await importUsersFromFile(path, { …, onProgress: (p) => progress.update(p) })
 * progress.done()
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? (() => performance.now())
  const every = options.every ?? 1000
  const started = now()
  let lastDraw = Number.NEGATIVE_INFINITY
  let lastLine = 0
  let drawn = false

  const rate = (records: number) => {
    const seconds = (now() - started) / 1000
    return seconds > 0 ? records / seconds : 0
  }
  const counts = (p: ImportProgress) =>
    `${number(p.written)} written, ${number(p.skipped)} skipped, ${number(p.failed)} failed`

  return {
    update(progress) {
      if (!options.interactive) {
        if (progress.records - lastLine >= every) {
          lastLine = progress.records - (progress.records % every)
          options.stream.write(
            `${number(progress.records)} records read: ${counts(progress)} (${number(Math.round(rate(progress.records)))} records/s)\n`,
          )
        }
        return
      }
      const time = now()
      if (time - lastDraw < REDRAW_MS) return
      lastDraw = time
      const perSecond = rate(progress.records)
      let bar = ''
      let eta = ''
      const { bytesRead, totalBytes } = progress
      if (bytesRead !== undefined && totalBytes !== undefined && totalBytes > 0) {
        const share = Math.min(1, bytesRead / totalBytes)
        const filled = Math.round(share * BAR_WIDTH)
        bar = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% `
        const elapsed = (time - started) / 1000
        eta = share > 0 ? ` · ETA ${duration((elapsed * (1 - share)) / share)}` : ''
      }
      options.stream.write(
        `\r\u001b[2K${bar}${number(progress.records)} records · ${number(Math.round(perSecond))}/s${eta} · ${counts(progress)}`,
      )
      drawn = true
    },
    done() {
      if (drawn) options.stream.write('\r\u001b[2K')
    },
  }
}
