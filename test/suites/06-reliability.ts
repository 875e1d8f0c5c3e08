// Faults of a running service: migrations killed, backups, shutdown, a busy, full or read-only database.
import '../reliability/migrate-crash.test.js'
import '../reliability/backup.test.js'
import '../reliability/shutdown.test.js'
import '../reliability/busy.test.js'
import '../reliability/disk-full.test.js'
import '../reliability/readonly.test.js'
