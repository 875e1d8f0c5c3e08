// Limits, connections, hygiene, rate limits, errors, overload.
import '../security/limits.test.js'
import '../security/connections.test.js'
import '../security/hygiene.test.js'
import '../security/rate-limit.test.js'
import '../security/errors.test.js'
import '../security/text.test.js'
import '../security/pressure.test.js'
import '../security/settings.test.js'
