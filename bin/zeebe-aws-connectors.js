#!/usr/bin/env node
// Runs the compiled worker; `npm run build` (or `npm install` from a package) produces dist/.
require('../dist/worker/main.js').main(process.argv.slice(2));
