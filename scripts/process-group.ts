/** Process groups on this machine: who is still in one, and signalling all of it (the emulator, the stack's app). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Live (non-zombie) members of a process group. /proc when available: a container whose PID 1 does not reap
 * would otherwise keep an exited Java process "alive" for kill(-pgid, 0) forever.
 */
export function groupMembers(pgid: number): number[] {
  if (existsSync('/proc/self/stat')) {
    const members: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so parse after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
      } catch {
        // the process ended while we looked
      }
    }
    return members;
  }
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? [pgid] : [];
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}
