/**
 * A calendar day as merchants pick it (YYYY-MM-DD). A format check alone lets "2026-02-30" through, and
 * Date.parse quietly rolls it over into March, so a backfill or start date would cover days nobody asked for.
 */
import { z } from 'zod';

/** True for a day that exists (leap years included), years 0001–9999 (what a Firestore Timestamp holds). */
export function isIsoDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, keeps years below 100 as given
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const IsoDaySchema = z.string().refine(isIsoDay, { message: 'must be a real calendar date as YYYY-MM-DD' });
