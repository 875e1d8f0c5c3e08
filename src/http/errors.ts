// Coded errors the handlers throw; the problem handler turns each into problem+json with its status.
import createError from '@fastify/error'

export const NotFound = createError<[string, string]>('NOT_FOUND', '%s %s not found', 404)
export const BadRequest = createError<[string]>('BAD_REQUEST', '%s', 400)
export const Conflict = createError<[string]>('CONFLICT', '%s', 409)
export const Unauthorized = createError('UNAUTHORIZED', 'A valid API key is required in the X-Api-Key header', 401)
export const Forbidden = createError<[string]>('FORBIDDEN', '%s', 403)
export const PreconditionFailed = createError<[string]>('PRECONDITION_FAILED', '%s', 412)
export const PreconditionRequired = createError<[string]>('PRECONDITION_REQUIRED', '%s', 428)
export const TooManyRequests = createError<[string]>('TOO_MANY_REQUESTS', '%s', 429)
export const Unavailable = createError<[string]>('UNAVAILABLE', '%s', 503)

/** A 400 (or 404, 409, 422) that names the offending fields, like a validation error. */
export class FieldErrors extends Error {
  constructor (readonly errors: Array<{ in: string, path: string, message: string }>, message = 'The request has invalid fields', readonly statusCode: 400 | 404 | 409 | 422 = 400) {
    super(message)
  }
}
