/** JSON value types and small accessors, so entity code stays `any`-free. */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function asArray(value: unknown): Json[] {
  if (Array.isArray(value)) return value as Json[];
  return value === undefined || value === null ? [] : [value as Json];
}

/** A string, or a number/boolean rendered as one (Intuit accepts "2" and 2 alike for most ids). */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** `{ value: "58" }` → "58" (QuickBooks reference types). */
export function refValue(value: unknown): string | undefined {
  const obj = asObject(value);
  const v = obj ? asString(obj.value) : undefined;
  return v === undefined || v === '' ? undefined : v;
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}
