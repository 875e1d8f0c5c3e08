// The crash test: 50 kills of the service, one after another, the longest file, so it starts first.
import '../reliability/crash.test.js'
