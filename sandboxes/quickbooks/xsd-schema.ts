/**
 * Loads Intuit's QuickBooks Online v3 XSDs (shared/specs/quickbooks) into a small type model: for every
 * complexType its fields (elements, following complexContent extension chains and group refs), attributes,
 * whether it is simpleContent (JSON `{ value, …attrs }`) or open (xs:any), and every simpleType's
 * enumeration. JSON names equal XML names in QBO, so this model is all the validator needs.
 *
 * Parsing ~700 KB of XSD takes tens of milliseconds once annotations are stripped; the model is cached per
 * process (and per jest module registry), so sandboxes start fast after the first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export const DEFAULT_XSD_DIR = path.resolve(__dirname, '../../../shared/specs/quickbooks');
const FILES = ['IntuitBaseTypes.xsd', 'IntuitNamesTypes.xsd', 'Finance.xsd', 'IntuitRestServiceDef.xsd'];

export type LeafKind = 'string' | 'number' | 'boolean';

export interface FieldDef {
  name: string;
  /** Local type name without prefix ('ReferenceType', 'decimal', 'LineDetailTypeEnum'…). */
  type: string;
  builtin: boolean;
  many: boolean;
}

export interface ComplexTypeDef {
  name: string;
  base?: string;
  simpleContent: boolean;
  /** xs:any or IntuitAnyType: anything goes (the *Ex extension blobs). */
  open: boolean;
  fields: Map<string, FieldDef>;
  attributes: Set<string>;
  groupRefs: string[];
  /** `<xs:element ref="IntuitObject">`: any top-level entity element may appear (batch, query responses). */
  entityRef: boolean;
}

export interface SimpleTypeDef {
  name: string;
  kind: LeafKind;
  enumeration?: string[];
}

export interface ResolvedType {
  name: string;
  simpleContent: boolean;
  open: boolean;
  entityRef: boolean;
  fields: Map<string, FieldDef>;
  attributes: Set<string>;
  /** Lower-cased field name → canonical name (query properties are case-insensitive). */
  lowerNames: Map<string, string>;
}

export interface XsdModel {
  complexTypes: Map<string, ComplexTypeDef>;
  simpleTypes: Map<string, SimpleTypeDef>;
  /** Top-level elements: entity name → type name (e.g. 'Invoice' → 'Invoice'). */
  elements: Map<string, string>;
  /** Elements in the IntuitObject substitution group (every entity). */
  entityElements: Set<string>;
  /** Fields of a complex type including its base chain; undefined for unknown/simple types. */
  resolve(typeName: string): ResolvedType | undefined;
  leafKind(typeName: string, builtin: boolean): LeafKind;
  enumeration(typeName: string): string[] | undefined;
}

type XNode = { [key: string]: XNode[] | string };

const NUMERIC = new Set(['decimal', 'double', 'float', 'int', 'integer', 'long', 'short', 'positiveInteger', 'nonNegativeInteger', 'negativeInteger', 'byte', 'unsignedInt', 'unsignedLong', 'unsignedShort']);

function children(node: XNode, tag: string): XNode[] {
  const value = node[tag];
  return Array.isArray(value) ? value : [];
}

function attr(node: XNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function localName(qname: string): { name: string; builtin: boolean } {
  const i = qname.indexOf(':');
  if (i < 0) return { name: qname, builtin: false };
  return { name: qname.slice(i + 1), builtin: qname.slice(0, i) === 'xs' };
}

function builtinKind(name: string): LeafKind {
  if (NUMERIC.has(name)) return 'number';
  if (name === 'boolean') return 'boolean';
  return 'string';
}

let cached: { dir: string; model: XsdModel } | undefined;

/** The parsed schema (cached per process). */
export function loadXsdModel(dir = DEFAULT_XSD_DIR): XsdModel {
  if (cached && cached.dir === dir) return cached.model;
  const model = buildModel(dir);
  cached = { dir, model };
  return model;
}

function buildModel(dir: string): XsdModel {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    isArray: (_name, _jpath, _leaf, isAttribute) => !isAttribute,
  });
  const complexTypes = new Map<string, ComplexTypeDef>();
  const simpleTypes = new Map<string, SimpleTypeDef>();
  const groups = new Map<string, ComplexTypeDef>();
  const elements = new Map<string, string>();
  const entityElements = new Set<string>();
  const pendingSimple = new Map<string, string>();

  const collect = (node: XNode, def: ComplexTypeDef) => {
    for (const el of children(node, 'element')) addElement(el, def);
    for (const tag of ['sequence', 'choice', 'all']) for (const inner of children(node, tag)) collect(inner, def);
    for (const g of children(node, 'group')) {
      const ref = attr(g, 'ref');
      if (ref) def.groupRefs.push(localName(ref).name);
    }
    if (children(node, 'any').length) def.open = true;
    for (const a of children(node, 'attribute')) {
      const name = attr(a, 'name');
      if (name) def.attributes.add(name);
    }
  };

  const addElement = (el: XNode, def: ComplexTypeDef) => {
    const ref = attr(el, 'ref');
    if (ref) {
      def.entityRef = true;
      return;
    }
    const name = attr(el, 'name');
    if (!name) return;
    const many = (attr(el, 'maxOccurs') ?? '1') !== '1';
    const typeAttr = attr(el, 'type');
    if (typeAttr) {
      const { name: type, builtin } = localName(typeAttr);
      def.fields.set(name, { name, type, builtin, many });
      return;
    }
    const inlineComplex = children(el, 'complexType')[0];
    if (inlineComplex) {
      const anon = `${def.name}.${name}`;
      readComplex(inlineComplex, anon);
      def.fields.set(name, { name, type: anon, builtin: false, many });
      return;
    }
    const inlineSimple = children(el, 'simpleType')[0];
    if (inlineSimple) {
      const anon = `${def.name}.${name}`;
      readSimple(inlineSimple, anon);
      def.fields.set(name, { name, type: anon, builtin: false, many });
      return;
    }
    def.fields.set(name, { name, type: 'string', builtin: true, many });
  };

  const readComplex = (node: XNode, name: string) => {
    const def: ComplexTypeDef = { name, simpleContent: false, open: false, fields: new Map(), attributes: new Set(), groupRefs: [], entityRef: false };
    collect(node, def);
    for (const cc of children(node, 'complexContent')) {
      for (const ext of [...children(cc, 'extension'), ...children(cc, 'restriction')]) {
        const base = attr(ext, 'base');
        if (base) def.base = localName(base).name;
        collect(ext, def);
      }
    }
    for (const sc of children(node, 'simpleContent')) {
      def.simpleContent = true;
      for (const ext of [...children(sc, 'extension'), ...children(sc, 'restriction')]) collect(ext, def);
    }
    if (name === 'IntuitAnyType') def.open = true;
    complexTypes.set(name, def);
  };

  const readSimple = (node: XNode, name: string) => {
    const restriction = children(node, 'restriction')[0];
    const base = restriction ? attr(restriction, 'base') : undefined;
    const enumeration = restriction ? children(restriction, 'enumeration').map((e) => attr(e, 'value') ?? '') : [];
    const def: SimpleTypeDef = { name, kind: 'string', ...(enumeration.length ? { enumeration } : {}) };
    if (base) {
      const b = localName(base);
      if (b.builtin) def.kind = builtinKind(b.name);
      else pendingSimple.set(name, b.name);
    }
    simpleTypes.set(name, def);
  };

  for (const file of FILES) {
    const raw = fs.readFileSync(path.join(dir, file), 'utf8')
      .replace(/^\uFEFF/, '')
      // Annotations are ~80 % of the bytes and carry nothing the validator uses.
      .replace(/<xs:annotation>[\s\S]*?<\/xs:annotation>/g, '');
    const doc = parser.parse(raw) as XNode;
    for (const schema of children(doc, 'schema')) {
      for (const ct of children(schema, 'complexType')) {
        const name = attr(ct, 'name');
        if (name) readComplex(ct, name);
      }
      for (const st of children(schema, 'simpleType')) {
        const name = attr(st, 'name');
        if (name) readSimple(st, name);
      }
      for (const g of children(schema, 'group')) {
        const name = attr(g, 'name');
        if (!name) continue;
        const def: ComplexTypeDef = { name, simpleContent: false, open: false, fields: new Map(), attributes: new Set(), groupRefs: [], entityRef: false };
        collect(g, def);
        groups.set(name, def);
      }
      for (const el of children(schema, 'element')) {
        const name = attr(el, 'name');
        const type = attr(el, 'type');
        if (!name || !type) continue;
        elements.set(name, localName(type).name);
        if (attr(el, 'substitutionGroup') === 'IntuitObject') entityElements.add(name);
      }
    }
  }
  // Simple types derived from other simple types ('id' ← xs:string, enums ← xs:string…).
  for (const [name, base] of pendingSimple) {
    let current: string | undefined = base;
    let kind: LeafKind = 'string';
    for (let depth = 0; current && depth < 10; depth += 1) {
      const def = simpleTypes.get(current);
      if (!def) break;
      kind = def.kind;
      current = pendingSimple.get(current);
    }
    const def = simpleTypes.get(name);
    if (def) def.kind = kind;
  }

  const resolvedCache = new Map<string, ResolvedType | undefined>();
  const resolve = (typeName: string): ResolvedType | undefined => {
    if (resolvedCache.has(typeName)) return resolvedCache.get(typeName);
    const chain: ComplexTypeDef[] = [];
    let current = complexTypes.get(typeName);
    for (let depth = 0; current && depth < 20; depth += 1) {
      chain.unshift(current);
      current = current.base ? complexTypes.get(current.base) : undefined;
    }
    if (!chain.length) {
      resolvedCache.set(typeName, undefined);
      return undefined;
    }
    const resolved: ResolvedType = { name: typeName, simpleContent: false, open: false, entityRef: false, fields: new Map(), attributes: new Set(), lowerNames: new Map() };
    const merge = (def: ComplexTypeDef) => {
      for (const [k, f] of def.fields) resolved.fields.set(k, f);
      for (const a of def.attributes) resolved.attributes.add(a);
      resolved.open ||= def.open;
      resolved.entityRef ||= def.entityRef;
      for (const g of def.groupRefs) {
        const group = groups.get(g);
        if (group) merge(group);
      }
    };
    for (const def of chain) {
      resolved.simpleContent ||= def.simpleContent;
      merge(def);
    }
    for (const key of [...resolved.fields.keys(), ...resolved.attributes]) resolved.lowerNames.set(key.toLowerCase(), key);
    resolvedCache.set(typeName, resolved);
    return resolved;
  };

  return {
    complexTypes,
    simpleTypes,
    elements,
    entityElements,
    resolve,
    leafKind: (typeName, builtin) => (builtin ? builtinKind(typeName) : simpleTypes.get(typeName)?.kind ?? 'string'),
    enumeration: (typeName) => simpleTypes.get(typeName)?.enumeration,
  };
}
