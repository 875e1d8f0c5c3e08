// Each request's logger: pino's child with the request id, made when the request first writes at an enabled level.
// At the usual levels most requests write nothing, and a child made for every request cost about 4 % of the CPU of a
// cached answer. What is written, and how, is the child's.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'
import type { Bindings, Level, Logger } from 'pino'

class RequestLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined

  constructor (private readonly parent: Logger, private readonly bindings: Bindings) {}

  private get logger (): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings))
  }

  private write (level: Level, args: unknown[]): void {
    if (this.made === undefined && !this.parent.isLevelEnabled(level)) return
    const logger = this.logger as unknown as Record<Level, (...args: unknown[]) => void>
    logger[level](...args)
  }

  get level () { return (this.made ?? this.parent).level }
  set level (level: string) { this.logger.level = level }
  fatal (...args: unknown[]) { this.write('fatal', args) }
  error (...args: unknown[]) { this.write('error', args) }
  warn (...args: unknown[]) { this.write('warn', args) }
  info (...args: unknown[]) { this.write('info', args) }
  debug (...args: unknown[]) { this.write('debug', args) }
  trace (...args: unknown[]) { this.write('trace', args) }
  silent () {}
  child (...args: Parameters<FastifyBaseLogger['child']>) { return this.logger.child(...args) }
}

/** Fastify's `childLoggerFactory`; a route with log options of its own gets its child at once. */
export const requestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) =>
  options.level === undefined && options.serializers === undefined
    ? new RequestLogger(logger as Logger, bindings)
    : logger.child(bindings, options)
