/** Colours for a terminal; every function returns its text unchanged when colour is off. */
export interface TerminalStyle {
  readonly enabled: boolean
  dim(text: string): string
  green(text: string): string
  red(text: string): string
  yellow(text: string): string
}

const sgr = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`
const plain = (text: string) => text

/**
 * ANSI styles, or none: colour only on a terminal and only when NO_COLOR is
 * unset (https://no-color.org).
 *
 * @example
 * terminalStyle(false).green('+ create') // '+ create'
 */
export function terminalStyle(enabled: boolean): TerminalStyle {
  return enabled
    ? {
        enabled,
        dim: sgr(2, 22),
        green: sgr(32, 39),
        red: sgr(31, 39),
        yellow: sgr(33, 39),
      }
    : { enabled, dim: plain, green: plain, red: plain, yellow: plain }
}
