import { userInfo } from 'node:os'

/**
 * The login name of this process, or `undefined` when the system has none (e.g. a uid without a
 * passwd entry, where `USER` is used if set): what MLflow records as a run's or change's user.
 *
 * @example
 * currentUser() // 'ada'
 */
export function currentUser(): string | undefined {
  try {
    return userInfo().username || undefined
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? undefined
  }
}
