/**
 * `/v3/company/{realmId}/…`: bearer auth, company status, query, batch, entity CRUD with requestid replay.
 * Handlers return a `Reply`; the server applies latency, injected drops and throttle release around it.
 */
import type { IncomingMessage } from 'node:http';
import crypto from 'node:crypto';
import { formatResponseTime, type Now } from './clock';
import type { CompanyState } from './company-seed';
import { QUERYABLE_ENTITIES, isWritable, updateEntity, writeEntity, type RuleContext, type WriteOperation } from './entity-rules';
import { stringifyQbo } from './http-kit';
import { QboFault, faults } from './intuit-faults';
import { asString, isObject, type Json, type JsonObject } from './json';
import type { OAuthServer } from './oauth-server';
import { executeQuery, parseQuery, type QueryResult } from './query-language';
import { RequestReplay } from './request-replay';
import type { RequestLogEntry, SandboxState } from './sandbox-state';
import type { SchemaValidator } from './schema-validator';

export interface V3Deps {
  state: SandboxState;
  oauth: OAuthServer;
  replay: RequestReplay;
  validator: SchemaValidator;
  now: Now;
}

export interface Reply {
  status: number;
  body: string;
  contentType: string;
  outcome: RequestLogEntry['outcome'];
  requestId?: string;
  /** The request changed data (so a drop after it is "commit, then drop"). */
  wrote?: boolean;
}

const BY_LOWER = new Map(QUERYABLE_ENTITIES.map((e) => [e.toLowerCase(), e]));
export const MAX_BATCH_ITEMS = 30;
/** Properties Intuit refuses in WHERE (reference §3.2/§3.3): 4001 "not queryable". */
const NOT_QUERYABLE: Record<string, ReadonlySet<string>> = {
  Vendor: new Set(['PrimaryEmailAddr']),
  Customer: new Set(['AcctNum']),
  Payment: new Set(['DocNumber']),
};

export function parseV3Path(pathname: string): { realmId: string; rest: string[] } | null {
  const m = /^\/v3\/company\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!m) return null;
  return { realmId: decodeURIComponent(m[1] ?? ''), rest: (m[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent) };
}

const json = (deps: V3Deps, status: number, body: JsonObject, outcome: Reply['outcome'] = 'ok'): Reply => ({
  status,
  body: stringifyQbo({ ...body, time: formatResponseTime(deps.now()) }),
  contentType: 'application/json;charset=UTF-8',
  outcome,
});

export function faultReply(deps: V3Deps, fault: QboFault, outcome: Reply['outcome'] = 'ok'): Reply {
  return { status: fault.status, body: stringifyQbo(fault.body(formatResponseTime(deps.now()))), contentType: 'application/json;charset=UTF-8', outcome };
}

/** Token for another company: Intuit answers in XML with code 100 (reference §5.2, trap 28). */
function wrongRealmReply(deps: V3Deps): Reply {
  const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${formatResponseTime(deps.now())}"><Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message><Detail>AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401</Detail></Error></Fault></IntuitResponse>`;
  return { status: 401, body, contentType: 'application/xml;charset=UTF-8', outcome: 'ok' };
}

export async function handleV3(deps: V3Deps, req: IncomingMessage, url: URL, realmId: string, rest: string[], readBody: () => Promise<string>): Promise<Reply> {
  const method = req.method ?? 'GET';
  const access = deps.oauth.checkAccess(req.headers.authorization, realmId);
  if (!access.ok) {
    if (access.reason === 'wrong-realm') return wrongRealmReply(deps);
    const detail = { missing: 'Authorization header missing', invalid: 'Token invalid', expired: 'Token expired', revoked: 'Token revoked' }[access.reason];
    return faultReply(deps, faults.authenticationFailed(`${detail}: ${access.reason === 'missing' ? '' : 'bearer token'}`));
  }
  const company = deps.state.companies.get(realmId);
  if (!company) return faultReply(deps, faults.authorizationFailed(`No company with realm ${realmId}`));
  if (!company.subscriptionActive) return faultReply(deps, faults.invalidCompanyStatus());

  const minor = url.searchParams.get('minorversion');
  if (minor !== null && !/^\d+$/.test(minor)) return faultReply(deps, faults.businessValidation(`minorversion must be a number, got "${minor}"`));
  const format = url.searchParams.get('format');
  if (format && format.toLowerCase() !== 'json') return faultReply(deps, faults.unsupportedOperation('The QuickBooks sandbox answers JSON only (format=json).'));

  try {
    const [first = '', second] = rest;
    const resource = first.toLowerCase();
    if (resource === 'query') {
      const text = method === 'GET' ? url.searchParams.get('query') ?? '' : (await readBody()) || url.searchParams.get('query') || '';
      return json(deps, 200, { QueryResponse: runQuery(deps, company, text) });
    }
    if (resource === 'batch') {
      if (method !== 'POST') throw faults.unsupportedOperation('batch needs POST');
      return withReplay(deps, company, url, 'batch', async () => json(deps, 200, runBatch(deps, company, parseJson(await readBody()), url)));
    }
    if (resource === 'companyinfo') {
      if (method !== 'GET') throw faults.unsupportedOperation('The sandbox supports reads only for CompanyInfo');
      if (second !== undefined && second !== realmId) throw faults.objectNotFound(undefined, 'Id');
      return json(deps, 200, { CompanyInfo: company.store.get('CompanyInfo', '1') ?? {} });
    }
    if (resource === 'preferences') {
      if (method !== 'GET') throw faults.unsupportedOperation('The sandbox supports reads only for Preferences');
      return json(deps, 200, { Preferences: company.store.get('Preferences', '1') ?? {} });
    }
    const entity = BY_LOWER.get(resource);
    if (!entity || entity === 'CompanyInfo' || entity === 'Preferences') {
      throw faults.unsupportedOperation(`Unsupported resource: ${first}`);
    }
    if (method === 'GET') {
      if (!second) throw faults.requiredMissing('Id');
      const found = company.store.get(entity, second);
      if (!found) throw faults.objectNotFound(`Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} Id=${second})`);
      return json(deps, 200, { [entity]: found });
    }
    if (method !== 'POST') throw faults.unsupportedOperation(`${method} is not supported`);
    if (!isWritable(entity)) throw faults.unsupportedOperation(`The sandbox supports reads only for ${entity}`);
    const operation = (url.searchParams.get('operation') ?? 'create').toLowerCase();
    return withReplay(deps, company, url, `${entity}?${operation}`, async () => {
      const payload = parseJson(await readBody());
      deps.validator.validateEntity(entity, payload);
      const result = write(deps, company, entity, operation, payload as JsonObject, url);
      deps.state.realmCounters(company.realmId).writes += 1;
      return { ...json(deps, 200, { [entity]: result }), wrote: true };
    });
  } catch (error) {
    if (error instanceof QboFault) return faultReply(deps, error);
    throw error;
  }
}

function parseJson(text: string): unknown {
  if (!text.trim()) throw faults.requiredMissing('request body');
  try {
    return JSON.parse(text);
  } catch {
    throw faults.invalidPropertyValue('request body', 'valid JSON');
  }
}

function ruleContext(deps: V3Deps, company: CompanyState, url: URL): RuleContext {
  const include = (url.searchParams.get('include') ?? '').toLowerCase().split(',');
  return { company, now: deps.now(), allowDuplicateDocNum: include.includes('allowduplicatedocnum') };
}

function write(deps: V3Deps, company: CompanyState, entity: string, operation: string, payload: JsonObject, url: URL): JsonObject {
  if (!isWritable(entity)) throw faults.unsupportedOperation(`The sandbox supports reads only for ${entity}`);
  const ctx = ruleContext(deps, company, url);
  const include = (url.searchParams.get('include') ?? '').toLowerCase().split(',');
  if (operation === 'update' && include.includes('void')) return updateEntity(ctx, entity, payload, true);
  if (!['create', 'update', 'delete', 'void'].includes(operation)) throw faults.unsupportedOperation(`Operation ${operation} is not supported`);
  return writeEntity(ctx, entity, operation as WriteOperation, payload);
}

/** requestid: the same id on the same endpoint returns the first response again, without side effects. */
async function withReplay(deps: V3Deps, company: CompanyState, url: URL, endpoint: string, run: () => Promise<Reply>): Promise<Reply> {
  const requestId = url.searchParams.get('requestid');
  // Validation faults are answers too: Intuit replays them like successes.
  const attempt = async (): Promise<Reply> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof QboFault) return faultReply(deps, error);
      throw error;
    }
  };
  if (!requestId) return attempt();
  if (requestId.length > 50) return faultReply(deps, faults.businessValidation(`requestid must be at most 50 characters (got ${requestId.length}).`, 'requestid'));
  const key = RequestReplay.key(company.realmId, endpoint, requestId);
  const previous = deps.replay.get(key);
  if (previous) {
    deps.state.realmCounters(company.realmId).replayed += 1;
    return { status: previous.status, body: previous.body, contentType: 'application/json;charset=UTF-8', outcome: 'replayed', requestId };
  }
  const reply = await attempt();
  deps.replay.set(key, reply.status, reply.body);
  return { ...reply, requestId };
}

function runQuery(deps: V3Deps, company: CompanyState, text: string): JsonObject {
  if (!text.trim()) throw faults.queryParse('Encountered "<EOF>" at line 1, column 1. Was expecting: "SELECT"');
  const parsed = parseQuery(text);
  const entity = BY_LOWER.get(parsed.entity.toLowerCase());
  if (!entity) throw faults.queryValidation(`Invalid context declaration : ${parsed.entity}`);
  const type = deps.validator.model.resolve(deps.validator.model.elements.get(entity) ?? entity);
  const result: QueryResult = executeQuery(parsed, {
    entity,
    rows: company.store.list(entity),
    resolveProperty: (dotted) => deps.validator.resolvePath(entity, dotted),
    ...(NOT_QUERYABLE[entity] ? { notQueryable: NOT_QUERYABLE[entity] } : {}),
    hasActive: Boolean(type?.fields.has('Active')),
  });
  if (result.count) return { totalCount: result.totalCount };
  // No matches: Intuit omits the entity array entirely (reference §2.3).
  if (!result.rows.length) return {};
  return { [entity]: result.rows, startPosition: result.startPosition, maxResults: result.maxResults };
}

function runBatch(deps: V3Deps, company: CompanyState, body: unknown, url: URL): JsonObject {
  const items = isObject(body) ? body.BatchItemRequest : undefined;
  if (!Array.isArray(items)) throw faults.requiredMissing('BatchItemRequest');
  if (items.length > MAX_BATCH_ITEMS) {
    throw faults.businessValidation(`Batch request has ${items.length} items; the maximum is ${MAX_BATCH_ITEMS}.`, 'BatchItemRequest');
  }
  const responses: Json[] = items.map((raw): JsonObject => {
    const item = isObject(raw) ? raw : {};
    const bId = asString(item.bId) ?? '';
    try {
      if (!bId) throw faults.requiredMissing('bId');
      deps.validator.validateEntity('BatchItemRequest', item);
      const query = asString(item.Query);
      if (query !== undefined) return { bId, QueryResponse: runQuery(deps, company, query) };
      const entity = Object.keys(item).find((k) => deps.validator.model.entityElements.has(k));
      if (!entity) throw faults.requiredMissing('entity or Query');
      const payload = item[entity];
      if (!isObject(payload)) throw faults.invalidPropertyValue(entity, 'an object');
      let operation = (asString(item.operation) ?? 'create').toLowerCase();
      const options = (asString(item.optionsData) ?? '').toLowerCase();
      if (operation === 'update' && options === 'void') operation = 'void';
      const result = write(deps, company, entity, operation, payload, url);
      deps.state.realmCounters(company.realmId).writes += 1;
      return { bId, [entity]: result };
    } catch (error) {
      if (error instanceof QboFault) return { bId, Fault: error.fault() };
      throw error;
    }
  });
  return { BatchItemResponse: responses };
}

export function newIntuitTid(): string {
  return `1-${crypto.randomBytes(4).toString('hex')}-${crypto.randomBytes(12).toString('hex')}`;
}

