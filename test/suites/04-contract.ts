// openapi.yaml: the checker, drift from the code, lint, Prism, the home page.
import '../contract/prism.test.js'
import '../contract/lint.test.js'
import '../contract/home.test.js'
import '../contract/openapi.test.js'
import '../contract/drift.test.js'
import '../contract/document.test.js'
import '../contract/checker.test.js'
