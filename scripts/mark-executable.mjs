// tsc drops the executable bit; the CLI entry needs it so `npx shipyard` and a global install can run it.
import { chmodSync } from 'node:fs'

chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755)
