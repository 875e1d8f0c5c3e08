// Responses are checked against their zod schema and written as JSON, as fastify-type-provider-zod's serializer does,
// but through zod's parse instead of its encode. The response schemas have no codecs or transforms, so both give the
// same output for a valid answer; encode costs about three times as much (an offer's detail: about 150 against 50 µs)
// and leaves garbage in V8's old generation with every answer (it spreads its context object, and on Node 20 an object
// made by a spread is promoted however short its life).
import type { FastifySerializerCompiler } from 'fastify'
import { ResponseSerializationError } from 'fastify-type-provider-zod'
import { safeParse, type $ZodType } from 'zod/v4/core'

export const serializerCompiler: FastifySerializerCompiler<$ZodType> = ({ schema, method, url }) => (data) => {
  const result = safeParse(schema, data)
  if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error })
  return JSON.stringify(result.data)
}
