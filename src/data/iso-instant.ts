const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * An ISO-8601 instant given by a user (a split cutoff, a datetime value in a scoring request) as epoch ms:
 * a date alone is UTC midnight; a date-time needs `Z` or an offset, since a bare one means a different
 * instant on every machine. NaN for anything else, including days that do not exist (2024-02-30).
 */
export function parseIsoInstant(text: string): number {
  const ms = ISO_DATE.test(text) || ISO_ZONED.test(text) ? Date.parse(text.replace(' ', 'T')) : Number.NaN
  return Number.isNaN(ms) || !isCalendarDate(text) ? Number.NaN : ms
}

// Date.parse rolls 2024-02-30 over to March 1st; a day that does not exist is a typo.
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}
