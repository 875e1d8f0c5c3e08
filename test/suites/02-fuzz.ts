// The fuzzer: every operation of openapi.yaml, 10,000 cases.
import '../fuzz/operations.test.js'
