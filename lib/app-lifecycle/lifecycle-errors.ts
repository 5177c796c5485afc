/** Outcomes of the BigCommerce callbacks that are not success; routes map each to one HTTP answer. */
export class InvalidCallbackRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCallbackRequestError';
  }
}

export class StoreNotInstalledError extends Error {
  constructor(public readonly storeHash: string) {
    super(`store ${storeHash} has not installed the app`);
    this.name = 'StoreNotInstalledError';
  }
}

export class NotAStoreUserError extends Error {
  constructor() {
    super('this user no longer has access to the app for this store');
    this.name = 'NotAStoreUserError';
  }
}
