/**
 * The subset of Intuit's query language QBO accepts:
 *   SELECT * | SELECT COUNT(*) FROM <Entity> [WHERE p op v [AND …]] [ORDERBY p [ASC|DESC][, …]]
 *   [STARTPOSITION n] [MAXRESULTS n]
 * ops = < > <= >= IN (…) LIKE '%x%'; no OR, joins or projections. Keywords and entity/property names are
 * case-insensitive, strings are single-quoted with backslash escapes (`O\'Brien`), properties may be nested
 * (`MetaData.LastUpdatedTime`), and a reference compares by its `value` (`CustomerRef = '58'`).
 * Syntax errors → 4000, semantic ones (unknown entity/property) → 4001, like Intuit.
 */
import { faults } from './intuit-faults';
import { isObject, type Json, type JsonObject } from './json';

export type Literal = string | number | boolean;
export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';

export interface Condition {
  property: string;
  op: Operator;
  values: Literal[];
}

export interface OrderBy {
  property: string;
  descending: boolean;
}

export interface ParsedQuery {
  count: boolean;
  entity: string;
  where: Condition[];
  orderBy: OrderBy[];
  startPosition?: number;
  maxResults?: number;
}

type Token =
  | { t: 'word'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: 'sym'; v: string; pos: number }
  | { t: 'eof'; pos: number };

const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /-?\d+(\.\d+)?/y;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === "'") {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const ch = text[j] ?? '';
        if (ch === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (ch === "'") {
          closed = true;
          j += 1;
          break;
        }
        value += ch;
        j += 1;
      }
      if (!closed) throw faults.queryParse(`Lexical error at line 1, column ${i + 1}.  Encountered: <EOF> after : "'${value}"`);
      tokens.push({ t: 'string', v: value, pos: i });
      i = j;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /[-\d]/.test(c) ? NUMBER.exec(text) : null;
    if (num) {
      tokens.push({ t: 'number', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      tokens.push({ t: 'word', v: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=') {
      tokens.push({ t: 'sym', v: two, pos: i });
      i += 2;
      continue;
    }
    if ('*(),=<>'.includes(c)) {
      tokens.push({ t: 'sym', v: c, pos: i });
      i += 1;
      continue;
    }
    throw faults.queryParse(`Lexical error at line 1, column ${i + 1}.  Encountered: "${c}"`);
  }
  tokens.push({ t: 'eof', pos: text.length });
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] ?? { t: 'eof', pos: 0 };
  }

  private next(): Token {
    const token = this.peek();
    this.i += 1;
    return token;
  }

  private fail(token: Token, expected: string): never {
    const shown = token.t === 'eof' ? '<EOF>' : token.t === 'string' ? `'${token.v}'` : String(token.v);
    throw faults.queryParse(`Encountered " ${shown} " at line 1, column ${token.pos + 1}. Was expecting: ${expected}`);
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.t === 'word' && token.v.toUpperCase() === keyword;
  }

  private keyword(keyword: string): void {
    const token = this.next();
    if (!this.isKeyword(token, keyword)) this.fail(token, keyword);
  }

  private symbol(symbol: string): void {
    const token = this.next();
    if (token.t !== 'sym' || token.v !== symbol) this.fail(token, `"${symbol}"`);
  }

  private identifier(): string {
    const token = this.next();
    if (token.t !== 'word') this.fail(token, '<IDENTIFIER>');
    return token.v;
  }

  private literal(): Literal {
    const token = this.next();
    if (token.t === 'string' || token.t === 'number') return token.v;
    if (token.t === 'word' && /^(true|false)$/i.test(token.v)) return token.v.toLowerCase() === 'true';
    return this.fail(token, '<STRING> | <NUMBER> | true | false');
  }

  private integer(): number {
    const token = this.next();
    if (token.t !== 'number' || !Number.isInteger(token.v) || token.v < 0) this.fail(token, '<INTEGER>');
    return token.v;
  }

  parse(): ParsedQuery {
    this.keyword('SELECT');
    let count = false;
    const first = this.next();
    if (first.t === 'sym' && first.v === '*') {
      count = false;
    } else if (this.isKeyword(first, 'COUNT')) {
      this.symbol('(');
      this.symbol('*');
      this.symbol(')');
      count = true;
    } else {
      this.fail(first, '"*" | "COUNT(*)"');
    }
    this.keyword('FROM');
    const entity = this.identifier();
    const query: ParsedQuery = { count, entity, where: [], orderBy: [] };

    if (this.isKeyword(this.peek(), 'WHERE')) {
      this.next();
      for (;;) {
        query.where.push(this.condition());
        if (!this.isKeyword(this.peek(), 'AND')) break;
        this.next();
      }
    }
    for (;;) {
      const token = this.peek();
      if (this.isKeyword(token, 'ORDERBY') || this.isKeyword(token, 'ORDER')) {
        this.next();
        if (token.t === 'word' && token.v.toUpperCase() === 'ORDER') this.keyword('BY');
        for (;;) {
          const property = this.identifier();
          let descending = false;
          if (this.isKeyword(this.peek(), 'DESC')) {
            this.next();
            descending = true;
          } else if (this.isKeyword(this.peek(), 'ASC')) {
            this.next();
          }
          query.orderBy.push({ property, descending });
          const comma = this.peek();
          if (comma.t === 'sym' && comma.v === ',') {
            this.next();
            continue;
          }
          break;
        }
      } else if (this.isKeyword(token, 'STARTPOSITION')) {
        this.next();
        query.startPosition = this.integer();
      } else if (this.isKeyword(token, 'MAXRESULTS')) {
        this.next();
        query.maxResults = this.integer();
      } else if (token.t === 'eof') {
        break;
      } else {
        this.fail(token, '"ORDERBY" | "STARTPOSITION" | "MAXRESULTS" | <EOF>');
      }
    }
    return query;
  }

  private condition(): Condition {
    const property = this.identifier();
    const token = this.next();
    if (token.t === 'sym' && ['=', '<', '>', '<=', '>='].includes(token.v)) {
      return { property, op: token.v as Operator, values: [this.literal()] };
    }
    if (this.isKeyword(token, 'IN')) {
      this.symbol('(');
      const values: Literal[] = [this.literal()];
      for (;;) {
        const t = this.next();
        if (t.t === 'sym' && t.v === ',') {
          values.push(this.literal());
          continue;
        }
        if (t.t === 'sym' && t.v === ')') break;
        this.fail(t, '"," | ")"');
      }
      return { property, op: 'IN', values };
    }
    if (this.isKeyword(token, 'LIKE')) {
      const pattern = this.next();
      if (pattern.t !== 'string') this.fail(pattern, '<STRING>');
      return { property, op: 'LIKE', values: [pattern.v] };
    }
    return this.fail(token, '"=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE"');
  }
}

export function parseQuery(text: string): ParsedQuery {
  return new Parser(tokenize(text)).parse();
}

// ---------------------------------------------------------------------------------------------------------
// Execution

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_MAX_RESULTS = 1000;

export interface QueryTarget {
  /** Canonical entity name ('Customer'). */
  entity: string;
  rows: readonly JsonObject[];
  /** Maps a property as written to its canonical path, or null when the entity has no such property. */
  resolveProperty(dotted: string): string[] | null;
  /** Properties Intuit refuses to filter on for this entity (e.g. Vendor.PrimaryEmailAddr). */
  notQueryable?: ReadonlySet<string>;
  /** Entities with an Active flag list only active rows unless the query filters on Active (QBO does). */
  hasActive: boolean;
}

export interface QueryResult {
  count: boolean;
  totalCount: number;
  rows: JsonObject[];
  startPosition: number;
  maxResults: number;
}

type Scalar = string | number | boolean | undefined;

function valueAt(row: JsonObject, path: string[]): Scalar {
  let current: Json | undefined = row;
  for (const part of path) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  // A reference compares by its id (`CustomerRef = '58'`), an email/phone object by its main value.
  if (isObject(current)) current = current.value ?? current.Address ?? current.FreeFormNumber ?? null;
  if (current === null || current === undefined || Array.isArray(current) || isObject(current)) return undefined;
  return current;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** Three-way comparison of a stored value and a literal; null when they can't be compared. */
function compare(stored: Scalar, literal: Literal): number | null {
  if (stored === undefined) return null;
  if (typeof stored === 'boolean' || typeof literal === 'boolean') {
    const a = String(stored).toLowerCase();
    const b = String(literal).toLowerCase();
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (typeof stored === 'number' || typeof literal === 'number') {
    const a = Number(stored);
    const b = Number(literal);
    if (Number.isNaN(a) || Number.isNaN(b)) return null;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (DATE_LIKE.test(stored) && DATE_LIKE.test(literal) && (stored.includes('T') || literal.includes('T'))) {
    const a = Date.parse(stored);
    const b = Date.parse(literal);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a === b ? 0 : a < b ? -1 : 1;
  }
  const a = stored.toLowerCase();
  const b = literal.toLowerCase();
  return a === b ? 0 : a < b ? -1 : 1;
}

function likeRegex(pattern: string): RegExp {
  const source = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is');
}

interface CompiledCondition {
  path: string[];
  test(row: JsonObject): boolean;
}

function compileCondition(condition: Condition, path: string[]): CompiledCondition {
  const { op, values } = condition;
  if (op === 'LIKE') {
    const regex = likeRegex(String(values[0] ?? ''));
    return { path, test: (row) => {
      const v = valueAt(row, path);
      return v !== undefined && regex.test(String(v));
    } };
  }
  if (op === 'IN') {
    return { path, test: (row) => {
      const v = valueAt(row, path);
      return values.some((literal) => compare(v, literal) === 0);
    } };
  }
  const literal = values[0] ?? '';
  return { path, test: (row) => {
    const c = compare(valueAt(row, path), literal);
    if (c === null) return false;
    switch (op) {
      case '=': return c === 0;
      case '<': return c < 0;
      case '>': return c > 0;
      case '<=': return c <= 0;
      case '>=': return c >= 0;
    }
  } };
}

function orderValue(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const numA = Number(a);
  const numB = Number(b);
  if (typeof a === 'string' && typeof b === 'string' && /^\d+$/.test(a) && /^\d+$/.test(b)) return numA - numB;
  return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

export function executeQuery(query: ParsedQuery, target: QueryTarget): QueryResult {
  const resolve = (property: string): string[] => {
    const path = target.resolveProperty(property);
    if (!path) throw faults.queryValidation(`property '${property}' is not queryable`);
    if (target.notQueryable?.has(path.join('.'))) throw faults.queryValidation(`property '${property}' is not queryable`);
    return path;
  };
  const conditions = query.where.map((c) => compileCondition(c, resolve(c.property)));
  const filtersActive = conditions.some((c) => c.path.length === 1 && c.path[0] === 'Active');
  const activeOnly = target.hasActive && !filtersActive;
  let rows = target.rows.filter((row) => (!activeOnly || row.Active !== false) && conditions.every((c) => c.test(row)));

  if (query.count) {
    return { count: true, totalCount: rows.length, rows: [], startPosition: 1, maxResults: 0 };
  }
  const order = query.orderBy.map((o) => ({ path: resolve(o.property), descending: o.descending }));
  if (order.length) {
    rows = [...rows].sort((a, b) => {
      for (const o of order) {
        const c = orderValue(valueAt(a, o.path), valueAt(b, o.path));
        if (c !== 0) return o.descending ? -c : c;
      }
      return 0;
    });
  }
  const startPosition = Math.max(1, query.startPosition ?? 1);
  const maxResults = Math.min(MAX_MAX_RESULTS, query.maxResults ?? DEFAULT_MAX_RESULTS);
  const page = rows.slice(startPosition - 1, startPosition - 1 + maxResults);
  return { count: false, totalCount: rows.length, rows: page, startPosition, maxResults: page.length };
}
