/**
 * Test support (not loaded by the sandbox itself): checks HTTP responses against BigCommerce's published
 * OpenAPI 3.0 specs. @apidevtools/swagger-parser parses and dereferences the YAML; Ajv validates bodies.
 * This module only adds what those libraries cannot know: which operation a URL belongs to, which
 * declared response applies, and the documented, explicit exceptions for places where the specs
 * contradict themselves or BigCommerce's documented behaviour (SPEC_PATCHES and the status rules below).
 */
import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

interface Operation {
  file: string;
  method: string;
  specPath: string;
  operationId: string;
  regex: RegExp;
  staticSegments: number;
  responses: Record<string, Json>;
}

export interface ResponseUnderTest {
  method: string;
  /** Path after the store prefix, e.g. "/v2/orders/100" (a full sandbox URL is accepted too). */
  path: string;
  status: number;
  contentType: string | null;
  bodyText: string;
}

export interface ContractResult {
  operation: string;
  valid: boolean;
  errors: string[];
}

/** A deliberate, documented deviation from the spec text. Applied before dereferencing. */
interface SpecPatch {
  file: string;
  why: string;
  apply(doc: Json): void;
}

function at(doc: Json, ...keys: string[]): Json {
  let node: unknown = doc;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`spec patch: missing ${keys.join('/')}`);
    node = (node as Json)[key];
  }
  return node as Json;
}

export const SPEC_PATCHES: readonly SpecPatch[] = [
  {
    file: 'webhooks.v3.yml',
    why: 'GET /hooks declares data.minItems: 1, but a client with no hooks gets data: [] (a list endpoint cannot promise a non-empty page).',
    apply: (doc) => {
      delete at(doc, 'components', 'responses', 'webhooks_Resp', 'content', 'application/json', 'schema', 'properties', 'data').minItems;
    },
  },
  {
    file: 'orders.v2.oas2.yml',
    why: 'orderTaxes_Base.order_product_id is typed string, yet its description says it "will return as null" for shipping/gift-wrapping rows.',
    apply: (doc) => {
      at(doc, 'components', 'schemas', 'orderTaxes_Base', 'properties', 'order_product_id').nullable = true;
    },
  },
  {
    file: 'orders.v2.oas2.yml',
    why: 'GET /orders/{id}/fees declares a single fee object, while its example (and the order `fees` include) is {fees: [fee…]}; the declared schema would accept any object, so the example\'s shape is enforced instead.',
    apply: (doc) => {
      at(doc, 'paths', '/orders/{order_id}/fees', 'get', 'responses', '200', 'content', 'application/json').schema = {
        type: 'object',
        required: ['fees'],
        properties: { fees: { type: 'array', items: { $ref: '#/components/schemas/orderFees_Resp' } } },
      };
    },
  },
  {
    file: 'orders.v2.oas2.yml',
    why:
      'order.consignments is oneOf [orderConsignments_Resource, orderConsignment_Get], and consignment line_items are oneOf ' +
      '[products_Resource[], orderProducts[]]; the link schemas and orderConsignment_Get are open objects with no required ' +
      'properties, so every object matches both branches and oneOf can never pass. The examples show what tells them apart: ' +
      'a link always has url + resource, a consignment object always has pickups, shipping, downloads and email.',
    apply: (doc) => {
      const schemas = at(doc, 'components', 'schemas');
      at(schemas, 'orderConsignments_Resource').required = ['url', 'resource'];
      at(schemas, 'products_Resource').required = ['url', 'resource'];
      at(schemas, 'orderConsignment_Get').required = ['pickups', 'shipping', 'downloads', 'email'];
    },
  },
  {
    file: 'catalog-products.v3.yml',
    why: 'product_Full.base_variant_id is typed integer, yet documented as "null for complex products".',
    apply: (doc) => {
      const parts = at(doc, 'components', 'schemas', 'product_Full').allOf as Json[];
      const withBaseVariant = parts.find((p) => typeof p.properties === 'object' && p.properties !== null && 'base_variant_id' in (p.properties as Json));
      if (!withBaseVariant) throw new Error('spec patch: product_Full.base_variant_id not found');
      ((withBaseVariant.properties as Json).base_variant_id as Json).nullable = true;
    },
  },
];

/**
 * v2 collections answer 204 with an empty body when nothing matches (reference trap 9; BigCommerce's
 * status-code docs), though these operations only declare 200.
 */
const EMPTY_COLLECTION_204 = new Set(['getOrders', 'getOrderProducts', 'getOrderShippingAddresses', 'getOrderCoupons', 'getOrderTaxes', 'getOrderShipments']);

/**
 * Gateway-level errors (auth, scope, quota, bad filters, injected 5xx, unknown ids) are rarely declared
 * per operation. When undeclared they must still have BigCommerce's error shape for the API version:
 * v2 → the v2 spec's own 404_Resp schema ([{status, message}]); v3 → {status, title, type} (webhooks
 * error_Full), with `status` equal to the HTTP status.
 */
const GENERIC_ERROR_STATUSES = new Set([400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 502, 503, 504]);

function normalise(node: unknown, seen = new WeakSet<object>()): void {
  if (typeof node !== 'object' || node === null || seen.has(node)) return;
  seen.add(node);
  const obj = node as Json;
  // OpenAPI 3.0 uses draft-04 style boolean exclusiveMaximum/Minimum; Ajv speaks draft-07 (numbers).
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof obj[flag] === 'boolean') {
      if (obj[flag] === true && typeof obj[bound] === 'number') {
        obj[flag] = obj[bound];
        delete obj[bound];
      } else delete obj[flag];
    }
  }
  for (const value of Object.values(obj)) normalise(value, seen);
}

function templateRegex(prefix: string, specPath: string): { regex: RegExp; staticSegments: number } {
  let staticSegments = 0;
  const source = `${prefix}${specPath}`
    .split('/')
    .map((segment) => {
      if (/^\{[^}]+\}$/.test(segment)) return '[^/]+';
      staticSegments += 1;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), staticSegments };
}

export class OpenApiContract {
  /** operation → statuses checked so far (for coverage assertions). */
  readonly coverage = new Map<string, Set<number>>();
  private readonly ajv: Ajv;
  private readonly validators = new WeakMap<object, ValidateFunction>();

  private constructor(
    private readonly docs: Map<string, Json>,
    private readonly operations: Operation[],
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    const any = () => true;
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const name of ['float', 'double', 'decimal']) this.ajv.addFormat(name, { type: 'number', validate: any });
    for (const name of ['ISO-4217', 'iso-4217']) this.ajv.addFormat(name, /^[A-Z]{3}$/);
    this.ajv.addFormat('url', (s: string) => URL.canParse(s));
  }

  static async load(specDir: string): Promise<OpenApiContract> {
    const docs = new Map<string, Json>();
    const operations: Operation[] = [];
    for (const file of fs.readdirSync(specDir).filter((f) => f.endsWith('.yml')).sort()) {
      const parsed = (await SwaggerParser.parse(path.join(specDir, file))) as unknown as Json;
      for (const patch of SPEC_PATCHES) if (patch.file === file) patch.apply(parsed);
      const doc = (await SwaggerParser.dereference(parsed as never)) as unknown as Json;
      normalise(doc);
      docs.set(file, doc);
      const server = ((doc.servers as Json[] | undefined)?.[0]?.url as string | undefined) ?? '';
      const prefix = new URL(server.replace(/\{[^}]+\}/g, 'x')).pathname.replace(/^\/stores\/x/, '');
      for (const [specPath, item] of Object.entries(doc.paths as Record<string, Json>)) {
        for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
          const op = item[method] as Json | undefined;
          if (!op) continue;
          const { regex, staticSegments } = templateRegex(prefix, specPath);
          operations.push({
            file,
            method: method.toUpperCase(),
            specPath: `${prefix}${specPath}`,
            operationId: (op.operationId as string | undefined) ?? `${method} ${specPath}`,
            regex,
            staticSegments,
            responses: (op.responses ?? {}) as Record<string, Json>,
          });
        }
      }
    }
    operations.sort((a, b) => b.staticSegments - a.staticSegments);
    // Cross-file addition: include=variants embeds catalog variants, which product_Full does not list.
    const productFull = at(docs.get('catalog-products.v3.yml')!, 'components', 'schemas', 'product_Full');
    const variantFull = at(docs.get('catalog-variants.v3.yml')!, 'components', 'schemas', 'productVariant_Full');
    (productFull.allOf as Json[]).push({ type: 'object', properties: { variants: { type: 'array', items: variantFull } } });
    return new OpenApiContract(docs, operations);
  }

  findOperation(method: string, apiPath: string): Operation | undefined {
    return this.operations.find((op) => op.method === method && op.regex.test(apiPath));
  }

  /** Validates a value against `#/components/schemas/{name}` of one spec file (e.g. webhook payloads). */
  checkSchema(file: string, name: string, value: unknown): string[] {
    const doc = this.docs.get(file);
    if (!doc) return [`no spec ${file}`];
    const schemas = at(doc, 'components', 'schemas');
    const schema = schemas[name];
    if (!schema) return [`${file} has no schema ${name}`];
    return this.validate(schema as Json, value);
  }

  private validate(schema: Json, value: unknown): string[] {
    let validator = this.validators.get(schema);
    if (!validator) {
      validator = this.ajv.compile(schema);
      this.validators.set(schema, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).slice(0, 15).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
  }

  private genericErrorSchema(apiPath: string): Json {
    if (apiPath.startsWith('/v2')) {
      return at(this.docs.get('orders.v2.oas2.yml')!, 'components', 'responses', '404_Resp', 'content', 'application/json', 'schema');
    }
    return at(this.docs.get('webhooks.v3.yml')!, 'components', 'schemas', 'error_Full');
  }

  check(res: ResponseUnderTest): ContractResult {
    const apiPath = res.path.replace(/^https?:\/\/[^/]+/, '').replace(/^\/stores\/[^/]+/, '').split('?')[0] ?? '';
    const op = this.findOperation(res.method, apiPath);
    const errors: string[] = [];
    if (!op) return { operation: `${res.method} ${apiPath}`, valid: false, errors: ['no operation in the specs matches this request'] };
    const label = `${op.file} ${op.operationId} → ${res.status}`;
    const seen = this.coverage.get(op.operationId) ?? new Set<number>();
    seen.add(res.status);
    this.coverage.set(op.operationId, seen);

    const mediaType = res.contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
    const parse = (): { ok: true; value: unknown } | { ok: false } => {
      try {
        return { ok: true, value: JSON.parse(res.bodyText) as unknown };
      } catch {
        errors.push(`body is not JSON: ${res.bodyText.slice(0, 80)}`);
        return { ok: false };
      }
    };

    const declared = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses.default;

    if (res.status === 204) {
      // RFC 9110 §15.3.5: a 204 carries no content, so the JSON "No Content" schema getOrderTransactions
      // declares for its 204 cannot apply; what is checked is that 204 is allowed and the body is empty.
      if (!declared && !EMPTY_COLLECTION_204.has(op.operationId)) errors.push('204 is not a declared response');
      if (res.bodyText.length > 0) errors.push('a 204 response must have an empty body');
      return { operation: label, valid: errors.length === 0, errors };
    }

    if (!declared) {
      if (!GENERIC_ERROR_STATUSES.has(res.status)) {
        errors.push(`status ${res.status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`);
        return { operation: label, valid: false, errors };
      }
      if (mediaType !== 'application/json' && mediaType !== 'application/problem+json') errors.push(`content type ${mediaType} for an error`);
      const body = parse();
      if (body.ok) {
        errors.push(...this.validate(this.genericErrorSchema(apiPath), body.value));
        const statusField = Array.isArray(body.value) ? (body.value[0] as Json | undefined)?.status : (body.value as Json | null)?.status;
        if (statusField !== res.status) errors.push(`error body status ${String(statusField)} ≠ HTTP ${res.status}`);
      }
      return { operation: `${label} (undeclared error, generic ${apiPath.startsWith('/v2') ? 'v2' : 'v3'} error schema)`, valid: errors.length === 0, errors };
    }

    const content = declared.content as Record<string, Json> | undefined;
    if (!content || Object.keys(content).length === 0) {
      if (res.bodyText.length > 0) errors.push('the spec declares no body for this response');
      return { operation: label, valid: errors.length === 0, errors };
    }
    if (!mediaType || !content[mediaType]) {
      errors.push(`content type ${mediaType} is not declared (declared: ${Object.keys(content).join(', ')})`);
      return { operation: label, valid: false, errors };
    }
    const schema = content[mediaType]?.schema as Json | undefined;
    const body = parse();
    if (body.ok && schema) errors.push(...this.validate(schema, body.value));
    return { operation: label, valid: errors.length === 0, errors };
  }
}
