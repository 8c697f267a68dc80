import { ConnectionError, TimeoutError } from '../../plugin-sdk';

export interface Transition<S> {
  /** The object's current state; throws NotFoundError when it does not exist. */
  read: () => Promise<S>;
  /** True when the action has nothing left to do; may throw when the state forbids the action. */
  done: (state: S) => boolean;
  act: () => Promise<void>;
}

/**
 * A state change made idempotent by reading first. Dolibarr answers a repeated action
 * (validate, close, reopen) with "304 Not Modified" carrying a JSON body, which Node's HTTP
 * parser rejects as a broken connection (HPE_CLOSED_CONNECTION): so an action already done is
 * not sent again, and after a connection failure or timeout the object is read again to learn
 * whether the action took effect before the transient error is passed on.
 */
export async function transition<S>(t: Transition<S>): Promise<void> {
  if (t.done(await t.read())) return;
  try {
    await t.act();
  } catch (err) {
    if (!(err instanceof ConnectionError || err instanceof TimeoutError)) throw err;
    if (t.done(await t.read())) return;
    throw err;
  }
}
