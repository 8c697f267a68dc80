import nock from 'nock';
import { InvalidRequestError, type IntegrationError, type NewHelpdeskTicket } from '../../../src/plugin-sdk';
import { page, recordedBody, RECORDED_RT, replay, rtTestAdapter } from './recordings';

const input: NewHelpdeskTicket = {
  title: 'bad requestor',
  body: 'opened in Dolibarr',
  customer: { email: 'not an email' },
  stateCategory: 'new',
  erpRef: 'TS2611-0100',
};
let searched = '';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  nock(RECORDED_RT)
    .get('/REST/2.0/tickets')
    .query((q) => ((searched = String(q.query)), true))
    .reply(200, page([]));
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('RT createTicket', () => {
  it('looks for a ticket with the ERP ref first (quoted), so a retried create makes no second ticket', async () => {
    nock.cleanAll();
    nock(RECORDED_RT)
      .get('/REST/2.0/tickets')
      .query((q) => ((searched = String(q.query)), true))
      .reply(200, page([{ id: '12', type: 'ticket' }]));
    await expect(rtTestAdapter().createTicket!({ ...input, erpRef: "TS'1" })).resolves.toEqual({ id: '12', number: '12' });
    expect(searched).toBe("(Queue = 'General') AND CF.{Dolibarr Ref} = 'TS\\'1'");
  });

  it('fails naming customer.email when RT answered 201 but dropped the requestor', async () => {
    replay('error_create_invalid_requestor_email');
    const after = recordedBody<{ CustomFields: Array<{ name: string; values: string[] }> }>('ticket_get_created_with_invalid_requestor');
    after.CustomFields.find((c) => c.name === 'Dolibarr Ref')!.values = ['TS2611-0100'];
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/2')
      .query(true)
      .reply(200, after as object);
    const err = await rtTestAdapter().createTicket!(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as IntegrationError).field).toBe('customer.email');
    expect((err as IntegrationError).message).toMatch(/ticket 2 was created/);
  });

  it('fails naming erpRef when the custom field value was dropped', async () => {
    replay('error_create_invalid_requestor_email');
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/2')
      .query(true)
      .reply(200, recordedBody('ticket_get_created_with_invalid_requestor') as object);
    const err = await rtTestAdapter().createTicket!({ ...input, customer: {} }).catch((e: unknown) => e);
    expect((err as IntegrationError).field).toBe('erpRef');
  });
});
