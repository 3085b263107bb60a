// npm run bench: measures bundle size and speed. Prints numbers; asserts nothing (tests never time things).
// Each section lives in scripts/bench/ and prints its own lines.
import { benchAuthRoundTrip } from './bench/auth-round-trip.js'
import { benchBundles } from './bench/bundles.js'
import { benchNormalise } from './bench/normalise.js'
import { benchReportRender } from './bench/report-render.js'
import { benchScanTiming } from './bench/scan-timing.js'

await benchBundles()
benchNormalise()
benchReportRender()
await benchAuthRoundTrip()
await benchScanTiming()
