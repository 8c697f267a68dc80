import nock from 'nock';
import { recordedBody, RECORDED_RT, replay, rtTestAdapter } from './recordings';
import { guardNetwork } from '../../support/nock-guard';

guardNetwork();

describe('RT listDictionaries', () => {
  it("lists the queues by name from the recorded /queues/all and /queue/:id, and the configured lifecycle's statuses", async () => {
    replay('queues_all');
    replay('queue_get_general');
    // Queue 3 was recorded by name; RT answers /queue/3 with the same record.
    nock(RECORDED_RT)
      .get('/REST/2.0/queue/3')
      .query(true)
      .reply(200, recordedBody('queue_get_by_name_support') as object);
    const dictionaries = await rtTestAdapter().listDictionaries!();
    expect(dictionaries).toEqual({ queues: ['General', 'Support'], states: ['new', 'open', 'stalled', 'resolved', 'rejected', 'deleted'] });
    expect(nock.isDone()).toBe(true);
  });

  it('leaves disabled queues out', async () => {
    replay('queues_all');
    replay('queue_get_general');
    nock(RECORDED_RT)
      .get('/REST/2.0/queue/3')
      .query(true)
      .reply(200, { ...(recordedBody('queue_get_by_name_support') as object), Disabled: '1' });
    expect((await rtTestAdapter().listDictionaries!()).queues).toEqual(['General']);
  });

  it('fails with the RT error when the token is refused, so the page can say so', async () => {
    replay('auth_bad_token_401', '/REST/2.0/queues/all');
    await expect(rtTestAdapter().listDictionaries!()).rejects.toMatchObject({ kind: 'auth', system: 'rt' });
  });

  it('links a ticket to its page in RT', () => {
    expect(rtTestAdapter().ticketUrl!('42')).toBe(`${RECORDED_RT}/Ticket/Display.html?id=42`);
  });
});
