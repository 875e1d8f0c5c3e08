// Curation: who may do what, history, concurrent writers, the workflow.
import '../admin/matrix.test.js'
import '../admin/history.test.js'
import '../admin/concurrency.test.js'
import '../admin/workflow.test.js'
