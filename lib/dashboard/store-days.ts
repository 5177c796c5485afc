/**
 * Calendar days in the store's time zone as UTC instants, for "today" counts and the 30-day chart: the
 * dashboard counts what was posted between a store's local midnights, not UTC ones. Pure.
 */
import { storeDate, type StoreTimeZone } from '@/lib/sync/mappers/document-common';

const DAY_MS = 86_400_000;

export interface StoreDay {
  /** YYYY-MM-DD in the store's time zone. */
  day: string;
  /** Local midnight starting the day, as epoch milliseconds. */
  startMs: number;
  /** The next local midnight. */
  endMs: number;
}

/** Epoch ms of local midnight starting `day` (YYYY-MM-DD) in `zone`, DST included. */
export function localMidnight(day: string, zone: StoreTimeZone): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // The zone's offset can differ by an hour across the day (DST): settle it by checking the candidates.
  let guess = utcMidnight - offsetMs(utcMidnight, zone);
  guess = utcMidnight - offsetMs(guess, zone);
  return guess;
}

/** The last `count` days ending today (in the store's zone), oldest first. */
export function lastStoreDays(count: number, zone: StoreTimeZone, nowMs: number): StoreDay[] {
  const today = storeDate(new Date(nowMs).toISOString(), zone);
  const days: StoreDay[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const day = new Date(Date.parse(`${today}T00:00:00Z`) - back * DAY_MS).toISOString().slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    days.push({ day, startMs: localMidnight(day, zone), endMs: localMidnight(next, zone) });
  }
  return days;
}

/** The zone's offset from UTC at `instantMs` (local wall time − UTC), in ms. */
function offsetMs(instantMs: number, zone: StoreTimeZone): number {
  const name = typeof zone === 'string' ? zone : zone.name;
  if (name) {
    try {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }).formatToParts(instantMs);
      const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
      if (Number.isFinite(wall)) return wall - Math.floor(instantMs / 1000) * 1000;
    } catch {
      // Unknown zone name: the raw offset below.
    }
  }
  return typeof zone === 'string' ? 0 : zone.rawOffsetSeconds * 1000;
}
