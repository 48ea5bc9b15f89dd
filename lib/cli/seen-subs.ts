import { createHash } from 'node:crypto'

// A slot: the first 128 bits of the sub's SHA-256 in four words, then the line (0: empty).
const WORDS = 5
const LINE = 4
const INITIAL_CAPACITY = 1024

/**
 * The subs an import has seen, with the line each was first seen on, in
 * 20 bytes per sub of one typed array instead of a `Map` of strings (about
 * 100 bytes a sub, and garbage-collector work that grew with the file: a
 * million users took the import past 300 MB). A sub is kept as the first
 * 128 bits of its SHA-256: that two different subs share them has a chance
 * under 10⁻²⁰ in a file of a billion users, so `firstSeen` is taken as exact.
 *
 * @example
 * const seen = new SeenSubs()
 * seen.firstSeen('u1', 1) // undefined: new
 * seen.firstSeen('u1', 7) // 1
 */
export class SeenSubs {
  #slots = new Uint32Array(INITIAL_CAPACITY * WORDS)
  #capacity = INITIAL_CAPACITY
  #size = 0

  /** How many different subs have been seen. */
  get size(): number {
    return this.#size
  }

  /**
   * The line `sub` was first seen on, or `undefined` when it is new, in
   * which case it is recorded as seen on `line` (a positive integer).
   */
  firstSeen(sub: string, line: number): number | undefined {
    if (!Number.isInteger(line) || line < 1 || line > 0xffffffff) {
      throw new RangeError(`SeenSubs: line must be an integer from 1 to 2^32 - 1, not ${line}`)
    }
    const digest = createHash('sha256').update(sub, 'utf8').digest()
    const words = [
      digest.readUInt32LE(0),
      digest.readUInt32LE(4),
      digest.readUInt32LE(8),
      digest.readUInt32LE(12),
    ] as const
    const slot = this.#find(this.#slots, this.#capacity, words)
    const at = slot * WORDS
    const earlier = this.#slots[at + LINE] as number
    if (earlier !== 0) return earlier
    this.#slots.set(words, at)
    this.#slots[at + LINE] = line
    this.#size += 1
    if (this.#size * 2 > this.#capacity) this.#grow()
    return undefined
  }

  /** The slot holding `words`, or the empty slot where they go (linear probing). */
  #find(
    slots: Uint32Array,
    capacity: number,
    words: readonly [number, number, number, number],
  ): number {
    const mask = capacity - 1
    for (let slot = words[0] & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WORDS
      if (slots[at + LINE] === 0) return slot
      if (
        slots[at] === words[0] &&
        slots[at + 1] === words[1] &&
        slots[at + 2] === words[2] &&
        slots[at + 3] === words[3]
      ) {
        return slot
      }
    }
  }

  #grow(): void {
    const capacity = this.#capacity * 2
    const slots = new Uint32Array(capacity * WORDS)
    const old = this.#slots
    for (let at = 0; at < old.length; at += WORDS) {
      if (old[at + LINE] === 0) continue
      const words = [old[at], old[at + 1], old[at + 2], old[at + 3]] as [
        number,
        number,
        number,
        number,
      ]
      slots.set(old.subarray(at, at + WORDS), this.#find(slots, capacity, words) * WORDS)
    }
    this.#slots = slots
    this.#capacity = capacity
  }
}
