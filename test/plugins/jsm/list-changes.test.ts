import nock from 'nock';
import { InputError } from '../../../src/plugin-sdk';
import { guardNetwork } from '../../support/nock-guard';
import { example, exampleAdapter, SITE } from './examples';

type Page = {
  request: { query: { jql: string; maxResults: number; nextPageToken?: string } };
  response: { body: { issues: Array<Record<string, unknown>> } };
};
const pages = () => example<{ page1: Page; page2: Page }>('search-jql-page');
/** 08:58 in Europe/Paris, the API user's zone in the example. */
const SINCE = new Date('2026-11-23T07:58:30Z');

guardNetwork();

describe('JSM listChanges (JQL search, documented pages)', () => {
  it('pages through a query in the user time zone, to the minute, and lists each issue once', async () => {
    const { page1, page2 } = pages();
    const jql = page1.request.query.jql;
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => q.jql === jql && q.maxResults === '2' && q.fields === 'updated' && !q.nextPageToken)
      .reply(200, page1.response.body);
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => q.jql === jql && q.nextPageToken === page2.request.query.nextPageToken)
      .reply(200, page2.response.body);

    const adapter = exampleAdapter();
    const first = await adapter.listChanges!(null, SINCE);
    expect(first).toMatchObject({ ticketIds: ['107001', '107002'], more: true });
    const second = await adapter.listChanges!(first.cursor, SINCE);
    expect(second).toMatchObject({ ticketIds: ['107003'], more: false });

    // The next poll starts two minutes before the newest update seen (10:03:59 Paris) and drops what it saw.
    const again = {
      ...page2.response.body,
      issues: [...page2.response.body.issues, changed(page1.response.body.issues[1]!, '2026-11-23T10:04:30.000+0100')],
    };
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => q.jql === 'project = HELPDESK AND updated >= "2026/11/23 10:01" ORDER BY updated ASC, key ASC')
      .reply(200, again);
    const third = await exampleAdapter().listChanges!(second.cursor, SINCE);
    expect(third).toMatchObject({ ticketIds: ['107002'], more: false });
  });

  it('ANDs the configured JQL filter to the query', async () => {
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => q.jql === 'project = HELPDESK AND ("Request Type" != Licence) AND updated >= "2026/11/23 08:58" ORDER BY updated ASC, key ASC')
      .reply(200, { issues: [], isLast: true });
    const page = await exampleAdapter({ jql: '"Request Type" != Licence' }).listChanges!(null, SINCE);
    expect(page).toMatchObject({ ticketIds: [], more: false });
  });

  it('asks /myself for the time zone when the settings name none', async () => {
    nock(SITE).get('/rest/api/3/myself').reply(200, { accountId: 'x', timeZone: 'America/New_York' });
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => String(q.jql).includes('updated >= "2026/11/23 02:58"'))
      .reply(200, { issues: [], isLast: true });
    await exampleAdapter({ timeZone: undefined }).listChanges!(null, SINCE);
  });

  it('when the SLA refresh is due, lists the open requests changed since polling began, then goes on with the changes', async () => {
    let now = new Date('2026-11-23T08:00:00Z');
    const adapter = exampleAdapter({ slaRefreshSeconds: 600 }, () => now);
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => String(q.jql).startsWith('project = HELPDESK AND updated >='))
      .times(2)
      .reply(200, { issues: [], isLast: true });
    const first = await adapter.listChanges!(null, SINCE);
    now = new Date('2026-11-23T08:05:00Z');
    const notDue = await adapter.listChanges!(first.cursor, SINCE);
    expect(notDue.ticketIds).toEqual([]);

    now = new Date('2026-11-23T08:10:00Z');
    const { page1 } = pages();
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query(
        (q) =>
          q.jql === 'project = HELPDESK AND statusCategory != Done AND updated >= "2026/11/23 08:58" ORDER BY key ASC' &&
          q.nextPageToken === undefined,
      )
      .reply(200, page1.response.body);
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => q.nextPageToken === 'CAEaAggD')
      .reply(200, { issues: [], isLast: true });
    const sweep = await adapter.listChanges!(notDue.cursor, SINCE);
    expect(sweep).toMatchObject({ ticketIds: ['107001', '107002'], more: true });
    const sweepEnd = await adapter.listChanges!(sweep.cursor, SINCE);
    expect(sweepEnd).toMatchObject({ ticketIds: [], more: true });

    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => String(q.jql).startsWith('project = HELPDESK AND updated >='))
      .reply(200, { issues: [], isLast: true });
    expect(await adapter.listChanges!(sweepEnd.cursor, SINCE)).toMatchObject({ ticketIds: [], more: false });
  });

  it('refuses a cursor it did not write', async () => {
    await expect(exampleAdapter().listChanges!('{"v":1,"hwm":"yesterday"}', SINCE)).rejects.toBeInstanceOf(InputError);
  });
});

function changed(issue: Record<string, unknown>, updated: string): Record<string, unknown> {
  return { ...issue, fields: { ...(issue.fields as object), updated } };
}
