// npm run bench: measures bundle size and speed. Prints numbers; asserts nothing (tests never time things).
// Each section lives in scripts/bench/ and prints its own lines.
import { benchAuthRoundTrip } from './bench/auth-round-trip.js'
import { benchBundles } from './bench/bundles.js'
import { benchHostileBodies } from './bench/hostile-bodies.js'
import { benchFindingsScale } from './bench/findings-scale.js'
import { benchFanIn } from './bench/fan-in.js'
import { benchNormalise } from './bench/normalise.js'
import { benchReportRender } from './bench/report-render.js'
import { benchScanTiming } from './bench/scan-timing.js'
import { benchSuite } from './bench/suite.js'
import { benchSarifValidation } from './bench/sarif-validation.js'

await benchBundles()
benchNormalise()
benchReportRender()
await benchAuthRoundTrip()
await benchScanTiming()
await benchHostileBodies()
benchSuite()
await benchFindingsScale()
await benchSarifValidation()
await benchFanIn()
