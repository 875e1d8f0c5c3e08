// Erasure, the bytes it leaves, and curation's rough edges.
import '../admin/erasure-bytes.test.js'
import '../admin/erase.test.js'
import '../admin/rough-edges.test.js'
import '../admin/mass-assignment.test.js'
