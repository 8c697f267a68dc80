/** Another worker holds the lock; trying again later will succeed. */
export class LockBusyError extends Error {
  readonly transient = true;
  readonly key: string;

  constructor(key: string) {
    super(`lock ${key} is held by another worker`);
    this.name = 'LockBusyError';
    this.key = key;
  }
}
