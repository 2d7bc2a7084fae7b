/** Where a command writes: a text sink that knows whether a person is watching. */
export interface OutputStream {
  write(text: string): void
  /** True when the stream is a terminal; progress bars and colours only go to terminals. */
  readonly isTTY: boolean
  /** Terminal width in characters, when known. */
  readonly columns?: number | undefined
}

/**
 * The CLI's two output streams. Commands write results to `stdout` only (with `--json`, exactly one
 * JSON document) and everything else (progress, hints on failure, errors) to `stderr`, so that
 * `shipyard ... --json | jq` always parses.
 */
export interface CliIo {
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  /** The environment, for `SHIPYARD_DEBUG`; configuration itself is read by `loadConfig`. */
  readonly env: Readonly<Record<string, string | undefined>>
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdout: streamOf(process.stdout),
    stderr: streamOf(process.stderr),
    env: process.env,
  }
}

function streamOf(stream: NodeJS.WriteStream): OutputStream {
  return {
    write: (text) => {
      stream.write(text)
    },
    get isTTY() {
      return stream.isTTY === true
    },
    get columns() {
      return stream.columns
    },
  }
}
