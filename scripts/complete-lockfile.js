#!/usr/bin/env node
/**
 * `npm run lockfile:complete` — run after `npm install` changes package-lock.json on a machine whose npm
 * registry mirror serves only Linux builds (as this project's CI machines do). There, npm leaves the other
 * platforms' optional binaries (@next/swc-darwin-arm64, …) out of the lockfile, and `npm ci` then refuses
 * the lockfile as "Missing: … from lock file". This adds those entries with their os/cpu constraints, which
 * is what npm itself writes elsewhere: npm ci skips them on Linux and fetches them by name on a Mac.
 */
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

/** Reads os/cpu/libc from a platform-binary package name such as "@unrs/resolver-binding-linux-arm-musleabihf". */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osIndex = parts.findIndex((part) => OS.includes(part));
  if (osIndex < 0) return undefined;
  const cpu = parts[osIndex + 1];
  if (!CPU.includes(cpu)) return undefined;
  const abi = parts[osIndex + 2] ?? '';
  const platform = { os: [parts[osIndex]], cpu: [cpu] };
  if (parts[osIndex] === 'linux') platform.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return platform;
}

let added = 0;
for (const [location, meta] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d+\.\d+\.\d+/.test(spec)) continue;
    packages[hoisted] = { version: spec, ...platform, optional: true };
    added += 1;
  }
}

if (added > 0) {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`package-lock.json: added ${added} other-platform optional entries`);
