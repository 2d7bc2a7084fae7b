#!/usr/bin/env node
// The `shipyard` executable (package.json `bin`). Everything is in `runCli`; this file only binds
// it to the real process.
import { processIo } from './cli-io.js'
import { runCli } from './run-cli.js'

process.exitCode = await runCli(process.argv.slice(2), processIo())
