#!/usr/bin/env -S node --max-semi-space-size=1
// A small young generation makes V8 collect streamed Buffers' wrappers early, which keeps a 1 GiB
// transfer under 200 MB RSS at no cost in throughput (docs/benchmarks.md).
// Runs the compiled command (dist/, built by `npm run build` and on `npm pack`); --help lists the commands.
require('../dist/worker/cli/index.js').run(process.argv.slice(2));
