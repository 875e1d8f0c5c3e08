// What runs in Chromium: /docs and the widget.
import '../docs/browser.test.js'
import '../widget/browser.test.js'
import '../widget/assets.test.js'
