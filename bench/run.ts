/**
 * `npm run bench`: the benchmarks, one after another, each starting what it needs.
 * Results are printed and written into BENCHMARKS.md (between each bench's markers).
 */
import { runOpenApiOrdersBench } from './open-api-orders';

await runOpenApiOrdersBench();
