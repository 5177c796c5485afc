/**
 * Schema conformance for request payloads: a property the XSD doesn't define for that type (following
 * extension chains and nested complex types) is rejected like Intuit's JSON deserializer does (2010
 * "Request has invalid or unsupported property"); a value of the wrong JSON shape gets the same code, and
 * a value outside an enumeration gets 2170. `null` is treated as "absent", as Intuit does.
 */
import { QboFault, faults } from './intuit-faults';
import { isObject } from './json';
import { loadXsdModel, type FieldDef, type ResolvedType, type XsdModel } from './xsd-schema';

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export class SchemaValidator {
  constructor(readonly model: XsdModel = loadXsdModel()) {}

  /** Throws a QboFault for the first offending property of `payload` as an instance of element `entity`. */
  validateEntity(entity: string, payload: unknown): void {
    const typeName = this.model.elements.get(entity) ?? entity;
    const type = this.model.resolve(typeName);
    if (!type) throw new Error(`schema has no type ${entity}`);
    if (!isObject(payload)) throw faults.invalidPropertyValue(entity, 'an object');
    this.complex(payload, type, entity);
  }

  /** Same check, returning the fault instead of throwing (tests validate responses with it). */
  check(entity: string, payload: unknown): QboFault | null {
    try {
      this.validateEntity(entity, payload);
      return null;
    } catch (error) {
      if (error instanceof QboFault) return error;
      throw error;
    }
  }

  /** Canonical property path for a query (`metadata.lastupdatedtime` → ['MetaData','LastUpdatedTime']). */
  resolvePath(entity: string, dotted: string): string[] | null {
    let type = this.model.resolve(this.model.elements.get(entity) ?? entity);
    const out: string[] = [];
    const parts = dotted.split('.');
    for (let i = 0; i < parts.length; i += 1) {
      const part = parts[i] ?? '';
      if (!type) return null;
      const canonical = type.lowerNames.get(part.toLowerCase()) ?? (type.simpleContent && part.toLowerCase() === 'value' ? 'value' : undefined);
      if (!canonical) return null;
      out.push(canonical);
      const field = type.fields.get(canonical);
      type = field && !field.builtin ? this.model.resolve(field.type) : undefined;
    }
    return out;
  }

  private complex(obj: Record<string, unknown>, type: ResolvedType, path: string): void {
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      const at = `${path}.${key}`;
      if (value === null || value === undefined) continue;
      if (type.simpleContent && key === 'value') {
        this.leafValue(value, 'string', at);
        continue;
      }
      const field = type.fields.get(key);
      if (field) {
        this.field(value, field, at);
      } else if (type.attributes.has(key)) {
        this.leafValue(value, 'string', at);
      } else if (type.entityRef && this.model.entityElements.has(key)) {
        const nested = this.model.resolve(this.model.elements.get(key) ?? key);
        if (!nested || !isObject(value)) throw faults.invalidPropertyValue(at, 'an object');
        this.complex(value, nested, at);
      } else if (!type.open) {
        throw faults.unsupportedProperty(key, type.name, at);
      }
    }
  }

  private field(value: unknown, field: FieldDef, path: string): void {
    if (Array.isArray(value)) {
      if (!field.many) throw faults.invalidPropertyValue(path, 'a single value, not an array');
      value.forEach((item, i) => {
        if (item !== null) this.single(item, field, `${path}[${i}]`);
      });
      return;
    }
    this.single(value, field, path);
  }

  private single(value: unknown, field: FieldDef, path: string): void {
    const complex = field.builtin ? undefined : this.model.resolve(field.type);
    if (complex) {
      if (complex.simpleContent && !isObject(value)) throw faults.invalidPropertyValue(path, `an object like {"value": …} (${field.type})`);
      if (!isObject(value)) throw faults.invalidPropertyValue(path, `an object (${field.type})`);
      this.complex(value, complex, path);
      return;
    }
    const kind = this.model.leafKind(field.type, field.builtin);
    this.leafValue(value, kind, path);
    const allowed = field.builtin ? undefined : this.model.enumeration(field.type);
    if (allowed && !allowed.includes(String(value))) throw faults.invalidEnumeration(String(value), path);
  }

  private leafValue(value: unknown, kind: 'string' | 'number' | 'boolean', path: string): void {
    if (typeof value === 'object') throw faults.invalidPropertyValue(path, `a ${kind}`);
    if (kind === 'number' && !(typeof value === 'number' || (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())))) {
      throw faults.invalidPropertyValue(path, 'a number');
    }
    if (kind === 'boolean' && !(typeof value === 'boolean' || value === 'true' || value === 'false')) {
      throw faults.invalidPropertyValue(path, 'a boolean');
    }
  }
}

let shared: SchemaValidator | undefined;
/** One validator per process (the model is cached anyway; this saves the resolve caches too). */
export function sharedSchemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator();
  return shared;
}
