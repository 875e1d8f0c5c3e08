// What every route module is given when it is registered: the configuration and the open database.
import type { Config } from '../config.js'
import type { Db } from '../db/client.js'

export type Deps = { config: Config, db: Db }
