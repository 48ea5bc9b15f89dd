/** One deployable function: its bundle's name (dist/<name>/index.mjs) and its source. */
export interface FunctionEntry {
  readonly name: string
  /** The source file exporting `handler`, relative to the project root. */
  readonly entry: string
}

/** The functions serverless.yml deploys, each bundled to dist/<name>/index.mjs and dist/<name>.zip. */
export const FUNCTION_ENTRIES: readonly FunctionEntry[] = Object.freeze([
  { name: 'pre-token-generation', entry: 'functions/pre-token-generation.ts' },
  { name: 'pre-authentication', entry: 'functions/pre-authentication.ts' },
  { name: 'userinfo', entry: 'functions/userinfo.ts' },
  { name: 'introspection', entry: 'functions/introspection.ts' },
  { name: 'attach-triggers', entry: 'functions/attach-triggers.ts' },
])
