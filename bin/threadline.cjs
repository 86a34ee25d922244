#!/usr/bin/env node
// Launcher for the `threadline` command: loads the CLI bundle built by `npm run build`.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const bundle = join(__dirname, '..', 'dist', 'cli.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('error: Threadline is not built yet.\n  → Run `npm run build` in the Threadline folder, then try again.\n');
  process.exit(1);
}
import(pathToFileURL(bundle).href);
