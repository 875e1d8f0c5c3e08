// Imports (the worker thread too), exports and reports.
import '../import/worker.test.js'
import '../import/bulk.test.js'
import '../import/import.test.js'
import '../export/export.test.js'
import '../reports/reports.test.js'
