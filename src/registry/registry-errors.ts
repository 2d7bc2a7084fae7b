import { invalidValue, ShipyardError } from '../shared/index.js'

/** `RESOURCE_DOES_NOT_EXIST` for a registered model. */
export function modelNotFound(name: string): ShipyardError {
  return new ShipyardError('RESOURCE_DOES_NOT_EXIST', `registered model '${name}' does not exist`, {
    details: { model: name },
  })
}

/** `RESOURCE_DOES_NOT_EXIST` for a version of a model. */
export function versionNotFound(name: string, version: number | string): ShipyardError {
  return new ShipyardError(
    'RESOURCE_DOES_NOT_EXIST',
    `registered model '${name}' has no version ${version}`,
    {
      details: { model: name, version },
    },
  )
}

/** `RESOURCE_DOES_NOT_EXIST` for an alias (or anything `resolve` cannot name). */
export function aliasNotFound(name: string, alias: string): ShipyardError {
  return new ShipyardError('RESOURCE_DOES_NOT_EXIST', `registered model '${name}' has no alias '${alias}'`, {
    details: { model: name, alias },
  })
}

/** `RESOURCE_ALREADY_EXISTS` for a model name that is taken. */
export function modelNameTaken(name: string): ShipyardError {
  return new ShipyardError('RESOURCE_ALREADY_EXISTS', `registered model '${name}' already exists`, {
    details: { model: name },
  })
}

/** `INVALID_PARAMETER_VALUE`: a version cannot go while aliases point at it. */
export function versionAliased(name: string, version: number, aliases: readonly string[]): ShipyardError {
  return invalidValue(
    'version',
    `version ${version} of '${name}' is what ${aliases.map((a) => `'${a}'`).join(', ')} point${aliases.length === 1 ? 's' : ''} at; move or delete the alias first`,
  )
}

/** `RESOURCE_DOES_NOT_EXIST` for a tag of a model or version. */
export function tagNotFound(owner: string, key: string): ShipyardError {
  return new ShipyardError('RESOURCE_DOES_NOT_EXIST', `${owner} has no tag '${key}'`, {
    details: { tag: key },
  })
}
