// The HSDS facade and the change feed.
import '../hsds/directory.test.js'
import '../hsds/taxonomies.test.js'
import '../changes/feed.test.js'
import '../changes/mirror.test.js'
