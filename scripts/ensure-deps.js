#!/usr/bin/env node
// Runs before `npm run dev` and `npm test`: on a fresh clone (or after package-lock.json changed) install
// the locked dependencies first, so the README's two commands work with nothing else typed.
// Plain JavaScript on purpose: it must run before any dependency exists.
const { execSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log('Installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
