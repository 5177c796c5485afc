/**
 * Intuit's error envelopes. Validation errors use `{"Fault":{"Error":[{Message,Detail,code,element}],
 * "type":"ValidationFault"},"time"}`; the auth (401) and throttle (429) envelopes seen in the wild use
 * lowercase keys (`{"fault":{"error":[{message,detail,code}],"type":…}}`), so clients must parse both
 * (reference §5.2, trap 28). Every handler throws `QboFault`; the HTTP layer renders it.
 */
import type { JsonObject } from './json';

export interface FaultError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

export type FaultType = 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault' | 'AUTHENTICATION' | 'SERVICE';

export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly errors: FaultError[],
    readonly faultType: FaultType = 'ValidationFault',
    /** Envelope style: Intuit's 401/429 answers use lowercase keys. */
    readonly lowercase = false,
  ) {
    super(errors.map((e) => `${e.code} ${e.Message}: ${e.Detail}`).join('; '));
  }

  /** The `Fault` object alone (what a batch item carries). */
  fault(): JsonObject {
    if (this.lowercase) {
      return {
        error: this.errors.map((e) => ({ message: e.Message, detail: e.Detail, code: e.code })),
        type: this.faultType,
      };
    }
    return {
      Error: this.errors.map((e) => ({ Message: e.Message, Detail: e.Detail, code: e.code, element: e.element ?? '' })),
      type: this.faultType,
    };
  }

  body(time: string): JsonObject {
    return this.lowercase ? { fault: this.fault(), time } : { Fault: this.fault(), time };
  }
}

const validation = (code: string, message: string, detail: string, element = '', status = 400) =>
  new QboFault(status, [{ Message: message, Detail: detail, code, element }]);

export const faults = {
  /** 610: GET of an unknown id, or a reference to an inactive object. */
  objectNotFound: (detail = "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.", element = '') =>
    validation('610', 'Object Not Found', detail, element),
  /** 2010: a property the schema does not define for this type. */
  unsupportedProperty: (field: string, className: string, path: string) =>
    validation(
      '2010',
      'Request has invalid or unsupported property',
      `Property Name:Unrecognized field "${field}" (class com.intuit.schema.finance.v3.${className}), not marked as ignorable specified`,
      path,
    ),
  /** 2010 as well when a value has the wrong JSON shape (object for a string, text for a number…). */
  invalidPropertyValue: (path: string, expected: string) =>
    validation('2010', 'Request has invalid or unsupported property', `Property Name:Can not deserialize value of ${path}: expected ${expected}`, path),
  invalidEnumeration: (value: string, path: string) =>
    validation('2170', 'Invalid Enumeration', `Invalid Enumeration : ${value}`, path),
  requiredMissing: (param: string) =>
    validation('2020', 'Required param missing, need to supply the required value for the API', `Required parameter ${param} is missing in the request`, param),
  invalidReference: (what: string, id: string, element: string) =>
    validation('2500', 'Invalid Reference Id', `Invalid Reference Id : ${what} assigned to this transaction has been deleted or does not exist (Id=${id})`, element),
  invalidId: (element: string, value: string) =>
    validation('2030', 'Invalid ID', `Id should be a valid number. Supplied value:${value}`, element),
  unsupportedOperation: (detail: string) => validation('500', 'Unsupported Operation', detail),
  staleObject: () =>
    validation(
      '5010',
      'Stale Object Error',
      'Stale Object Error : You and root were working on this at the same time. root finished before you did, so your work was not saved.',
      'SyncToken',
    ),
  businessValidation: (detail: string, element = '') =>
    validation('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`, element),
  stringLength: (element: string, max: number, supplied: number) =>
    validation('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: String length is either shorter or longer than supported by specification. Min:0 Max:${max} supplied:${supplied}`, element),
  amountCalculation: (lineNum: number, detail: string) =>
    validation('6070', 'Amount calculation incorrect in the request', `Amount is not equal to UnitPrice * Qty. Supplied value:${detail} (line ${lineNum})`, 'Line.Amount'),
  duplicateDocNumber: (docNumber: string, txnType: string, txnId: string) =>
    validation('6140', 'Duplicate Document Number Error', `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${txnType} with TxnId=${txnId}`, 'DocNumber'),
  invalidCompanyStatus: () =>
    validation('6190', 'Invalid Company Status', 'Subscription period has ended or canceled or there was a billing problem : You can\'t add data to QuickBooks Online because your trial or subscription period ended, you canceled your subscription, or there was a billing problem.', '', 403),
  periodClosed: (closedThrough: string) =>
    validation('6210', 'Account Period Closed', `The account period has closed and the account books cannot be updated through through the QBO Services API. Please use the QBO website to make these changes. (books closed through ${closedThrough})`, 'TxnDate'),
  duplicateName: (detail = 'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.') =>
    validation('6240', 'Duplicate Name Exists Error', detail, 'DisplayName'),
  queryParse: (detail: string) => validation('4000', 'Error parsing query', `QueryParserError: ${detail}`),
  queryValidation: (detail: string) => validation('4001', 'Invalid query', `QueryValidationError: ${detail}`),
  authenticationFailed: (detail: string) =>
    new QboFault(401, [{ Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', Detail: detail, code: '3200' }], 'AUTHENTICATION', true),
  throttled: () =>
    new QboFault(429, [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'Too many requests', code: '3001' }], 'SERVICE', true),
  authorizationFailed: (detail: string) =>
    new QboFault(403, [{ Message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403', Detail: detail, code: '3100' }], 'AuthorizationFault', true),
  requestTooLarge: (detail: string) => validation('6000', 'A business validation error has occurred while processing your request', detail),
};
