// The one box over the sample directory: at least 60 questions as people type them (test/fixtures/findability-sample.json).
import t from 'tap'
import { findability } from '../helpers/findability.js'

t.test('one-box questions find the right offers first and never the wrong ones', async (t) => {
  const asked = await findability(t, new URL('../fixtures/findability-sample.json', import.meta.url))
  t.ok(asked >= 60, `${asked} questions`)
})
