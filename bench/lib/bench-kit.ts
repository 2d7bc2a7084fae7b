// Helpers every benchmark shares: medians, memory figures, markdown tables, memory priming and the
// one-JSON-line protocol of measurement processes.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** KiB as whole MiB, or '' when unknown. */
export function mib(kib: number): string {
  return Number.isFinite(kib) ? (kib / 1024).toFixed(0) : ''
}

/** A markdown table; columns in `leftAligned` (default the first) are left-aligned, the rest right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  leftAligned: readonly number[] = [0],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const left = (i: number) => leftAligned.includes(i)
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (left(i) ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** This process's peak resident set (VmHWM), KiB; worker threads share it. */
export function peakRssKiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8')
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN)
}

/**
 * Allocates, touches and frees 3 GiB in a throwaway process (numpy's when `python` is given). On this
 * VM (virtio-balloon with free page reporting) memory left free for a second or two goes back to the
 * host, and faulting it in again made numpy's arrays (transparent huge pages) up to 3x slower
 * depending on what ran before; Shipyard's timings did not move. Priming before every measurement, of
 * either side, puts the peers in their best state, so the comparison never flatters Shipyard.
 */
export function primeMemory(python: string | null): void {
  const result =
    python === null
      ? spawnSync(process.execPath, ['-e', 'for (let i = 0; i < 6; i++) new Float64Array(2 ** 26).fill(1)'])
      : spawnSync(python, ['-c', 'import numpy as np; a = np.ones(3 * 2**27); a += 1'])
  if (result.status !== 0) throw new Error(`priming memory failed: ${result.stderr}`)
}

/** The last stdout line of a measurement process, parsed; its output when it failed. */
export function parseSample<T>(
  what: string,
  result: { status: number | null; stdout: string; stderr: string },
): T {
  const line = result.stdout.trim().split('\n').at(-1) ?? ''
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`)
  }
  return JSON.parse(line) as T
}
