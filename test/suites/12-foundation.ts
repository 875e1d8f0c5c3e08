// Keys, the model, health, settings and the layers of src/.
import '../keys/keys.test.js'
import '../foundation/model.test.js'
import '../foundation/suites.test.js'
import '../health.test.js'
import '../config.test.js'
import '../foundation/layers.test.js'
