// Curation: who may do what, history, concurrent writers (and the searches that go before them), the workflow.
import '../admin/matrix.test.js'
import '../admin/history.test.js'
import '../admin/concurrency.test.js'
import '../admin/workflow.test.js'
import '../http/turns.test.js'
