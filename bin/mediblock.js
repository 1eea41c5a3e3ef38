#!/usr/bin/env node
'use strict'
// The `mediblock` command. It runs the built CLI; `npm run build` makes it.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('mediblock: not built yet; run `npm run build` in the MediBlock checkout\n')
  process.exit(2)
}
require(cli)
