/** The support view's closed set of request errors; lib/http/support-api-route.ts maps them to HTTP once. */

export class SupportUnauthenticatedError extends Error {
  constructor(reason: string) {
    super(`support session rejected: ${reason}`);
    this.name = 'SupportUnauthenticatedError';
  }
}

/** Same answer for an unknown username and a wrong password. */
export class SupportInvalidCredentialsError extends Error {
  constructor() {
    super('Wrong username or password.');
    this.name = 'SupportInvalidCredentialsError';
  }
}

export class SupportLoginThrottledError extends Error {
  constructor(public readonly retryAfterSeconds: number) {
    super(`Too many sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`);
    this.name = 'SupportLoginThrottledError';
  }
}

/** A state-changing request that did not come from the app's own origin (CSRF defence). */
export class SupportForbiddenOriginError extends Error {
  constructor() {
    super('This request must come from the support pages of this app.');
    this.name = 'SupportForbiddenOriginError';
  }
}

export class SupportNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupportNotFoundError';
  }
}
