// `npm run widget`: rebuilds the committed widget bundle after a change to src/widget/*.ts.
import { writeFileSync } from 'node:fs'
import { BUNDLE_FILE, bundleWidget } from '../widget/bundle.js'

const code = await bundleWidget()
writeFileSync(BUNDLE_FILE, code)
console.log(`${BUNDLE_FILE.pathname}: ${code.length} bytes`)
