import nock from 'nock';

/**
 * No real network in the file's tests, and every interceptor a test declared must have been used.
 * `loopback` lets the tests reach HTTP doubles listening on 127.0.0.1.
 */
export function guardNetwork(opts: { loopback?: boolean } = {}): void {
  beforeAll(() => {
    nock.disableNetConnect();
    if (opts.loopback) nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  afterAll(() => nock.enableNetConnect());
}
