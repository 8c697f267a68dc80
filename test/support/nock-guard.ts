import nock from 'nock';

/** No real network in the file's tests, and every interceptor a test declared must have been used. */
export function guardNetwork(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  afterAll(() => nock.enableNetConnect());
}
