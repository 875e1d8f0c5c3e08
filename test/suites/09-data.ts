// Data sets, the database and its migrations.
import '../datasets/starter.test.js'
import '../datasets/restart.test.js'
import '../datasets/notice.test.js'
import '../datasets/reference-files.test.js'
import '../db/synthetic.test.js'
import '../db/seed.test.js'
import '../db/statements.test.js'
import '../db/migration-upgrade.test.js'
