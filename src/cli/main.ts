#!/usr/bin/env node
// The `shipyard` executable (package.json `bin`). Everything is in `runCli`; this file only binds
// it to the real process.
import { processIo } from './cli-io.js'
import { runCli } from './run-cli.js'

// `shipyard runs list | head` closes stdout early: that is the reader being done, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(0)
})

process.exitCode = await runCli(process.argv.slice(2), processIo())
