/**
 * Per-company entity storage: rows by entity type in insertion order, per-type id sequences (Intuit ids are
 * per type and numeric strings), and the unique-name / DocNumber indexes the rules need, kept in sync on
 * every write so lookups stay O(1) with thousands of documents.
 */
import type { JsonObject } from './json';
import { asString } from './json';

/** Names that share one DisplayName namespace in QBO (trap 13). */
export const NAME_ENTITIES = new Set(['Customer', 'Vendor', 'Employee']);

/** Transactions whose DocNumber must be unique per type when custom transaction numbers are on. */
export const DOC_NUMBER_ENTITIES = new Set(['Invoice', 'SalesReceipt', 'CreditMemo', 'RefundReceipt', 'JournalEntry']);

/** Sandbox-only bookkeeping that is not part of the entity JSON. */
export interface EntityInternal {
  /** The TxnTaxDetail.TotalTax the client asked for (cents), kept so a sparse update keeps honouring it. */
  taxOverrideCents?: number;
  /** Payment applications: invoice/credit memo id → cents applied. */
  applied?: { type: 'Invoice' | 'CreditMemo'; id: string; cents: number }[];
  voided?: boolean;
}

const normalizeName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

export class EntityStore {
  private readonly rows = new Map<string, Map<string, JsonObject>>();
  private readonly sequences = new Map<string, number>();
  private readonly displayNames = new Map<string, { type: string; id: string }>();
  private readonly itemNames = new Map<string, string>();
  private readonly docNumbers = new Map<string, Map<string, string>>();
  private readonly internals = new Map<string, EntityInternal>();
  private docSequence = 1000;
  /** Called after every write (sandbox observers: benchmarks time when a document came to exist). */
  onPut: ((type: string, entity: JsonObject, created: boolean) => void) | undefined;

  private table(type: string): Map<string, JsonObject> {
    let table = this.rows.get(type);
    if (!table) {
      table = new Map();
      this.rows.set(type, table);
    }
    return table;
  }

  list(type: string): JsonObject[] {
    return [...(this.rows.get(type)?.values() ?? [])];
  }

  count(type: string): number {
    return this.rows.get(type)?.size ?? 0;
  }

  types(): string[] {
    return [...this.rows.keys()];
  }

  get(type: string, id: string): JsonObject | undefined {
    return this.rows.get(type)?.get(id);
  }

  nextId(type: string): string {
    const next = (this.sequences.get(type) ?? 0) + 1;
    this.sequences.set(type, next);
    return String(next);
  }

  /** Starts a type's id sequence after `value` (seeded ids are small; created ones follow). */
  reserveIds(type: string, value: number): void {
    this.sequences.set(type, Math.max(this.sequences.get(type) ?? 0, value));
  }

  /** Next automatic DocNumber (QBO's next-in-sequence for sales forms when custom numbers are off). */
  nextDocNumber(): string {
    this.docSequence += 1;
    return String(this.docSequence);
  }

  put(type: string, entity: JsonObject): void {
    const id = asString(entity.Id);
    if (!id) throw new Error(`${type} without Id`);
    const previous = this.get(type, id);
    if (previous) this.unindex(type, previous);
    this.table(type).set(id, entity);
    this.index(type, entity);
    this.onPut?.(type, entity, previous === undefined);
  }

  remove(type: string, id: string): void {
    const previous = this.get(type, id);
    if (!previous) return;
    this.unindex(type, previous);
    this.rows.get(type)?.delete(id);
    this.internals.delete(`${type}:${id}`);
  }

  internal(type: string, id: string): EntityInternal {
    const key = `${type}:${id}`;
    let value = this.internals.get(key);
    if (!value) {
      value = {};
      this.internals.set(key, value);
    }
    return value;
  }

  /** Who already uses this DisplayName among Customers, Vendors and Employees (case-insensitive). */
  findDisplayName(name: string): { type: string; id: string } | undefined {
    return this.displayNames.get(normalizeName(name));
  }

  findItemName(name: string): string | undefined {
    return this.itemNames.get(normalizeName(name));
  }

  findDocNumber(type: string, docNumber: string): string | undefined {
    return this.docNumbers.get(type)?.get(docNumber.toLowerCase());
  }

  private index(type: string, entity: JsonObject): void {
    const id = asString(entity.Id) ?? '';
    const displayName = asString(entity.DisplayName);
    if (NAME_ENTITIES.has(type) && displayName) this.displayNames.set(normalizeName(displayName), { type, id });
    const name = asString(entity.Name);
    if (type === 'Item' && name) this.itemNames.set(normalizeName(name), id);
    const docNumber = asString(entity.DocNumber);
    if (DOC_NUMBER_ENTITIES.has(type) && docNumber) {
      let byNumber = this.docNumbers.get(type);
      if (!byNumber) {
        byNumber = new Map();
        this.docNumbers.set(type, byNumber);
      }
      // With duplicates allowed, the first holder stays indexed; removing it frees the number.
      if (!byNumber.has(docNumber.toLowerCase())) byNumber.set(docNumber.toLowerCase(), id);
    }
  }

  private unindex(type: string, entity: JsonObject): void {
    const id = asString(entity.Id) ?? '';
    const displayName = asString(entity.DisplayName);
    if (displayName && this.displayNames.get(normalizeName(displayName))?.id === id) this.displayNames.delete(normalizeName(displayName));
    const name = asString(entity.Name);
    if (type === 'Item' && name && this.itemNames.get(normalizeName(name)) === id) this.itemNames.delete(normalizeName(name));
    const docNumber = asString(entity.DocNumber);
    const byNumber = this.docNumbers.get(type);
    if (docNumber && byNumber?.get(docNumber.toLowerCase()) === id) {
      byNumber.delete(docNumber.toLowerCase());
      // Another document may carry the same number (allowduplicatedocnum); re-index the next holder.
      for (const other of this.rows.get(type)?.values() ?? []) {
        if (other !== entity && asString(other.DocNumber)?.toLowerCase() === docNumber.toLowerCase()) {
          byNumber.set(docNumber.toLowerCase(), asString(other.Id) ?? '');
          break;
        }
      }
    }
  }
}
