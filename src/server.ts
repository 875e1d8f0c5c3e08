// The service's entry point (`npm start`): runs it with the settings in the environment.
import { ConfigError } from './config.js'
import { CannotStart, start } from './start.js'

start(process.env).catch((err: unknown) => {
  // The operator's to fix (a bad setting, an unwritable database): say what, without a stack trace.
  console.error(err instanceof ConfigError || err instanceof CannotStart ? err.message : err)
  process.exit(1)
})
