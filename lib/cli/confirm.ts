import { createInterface } from 'node:readline'
import type { CommandContext } from './command-context.js'

/**
 * Asks a yes/no question on the terminal; only `y` or `yes` (any case) is
 * yes. An input that ends without an answer is no.
 *
 * @example
 * if (!(await confirm(context, 'Apply 3 changes to table claims?'))) return 1
 */
export async function confirm(context: CommandContext, question: string): Promise<boolean> {
  const input = context.stdin
  if (input === undefined) return false
  const prompt = createInterface({ input, terminal: false })
  try {
    context.stderr.write(`${question} [y/N] `)
    const answer = await new Promise<string>((resolve) => {
      prompt.once('line', resolve)
      prompt.once('close', () => resolve(''))
    })
    return /^(y|yes)$/i.test(answer.trim())
  } finally {
    prompt.close()
  }
}
