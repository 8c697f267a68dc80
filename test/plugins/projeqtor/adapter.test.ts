import nock from 'nock';
import { InputError } from '../../../src/plugin-sdk';
import { categoryOf } from '../../../plugins/projeqtor/statuses';
import { statusRowSchema } from '../../../plugins/projeqtor/schemas';
import { decryptBody } from '../../doubles/projeqtor/crypto';
import { guardNetwork } from '../../support/nock-guard';
import { API_KEY, HOST, pqAdapter, recordedBody, recordedItems, recording } from './recorded';

guardNetwork();

const json = { 'Content-Type': 'application/json; charset=UTF-8' };
const statuses = () => nock(HOST).get('/api/Status/all').reply(200, recordedBody('setup_list_statuses'), json);
const bodyOf = (items: Array<Record<string, string>>) => JSON.stringify({ identifier: 'id', items });

/** Captures a write's plain JSON, decrypted with the user's key as the server does. */
function captureWrite(cls: string, answer: string): { plain?: Record<string, unknown>; contentType?: string } {
  const seen: { plain?: Record<string, unknown>; contentType?: string } = {};
  nock(HOST)
    .post(`/api/${cls}`, (body: string) => {
      seen.plain = JSON.parse(decryptBody(body, API_KEY, 128) ?? 'null') as Record<string, unknown>;
      return true;
    })
    .reply(function () {
      seen.contentType = String(this.req.headers['content-type']);
      return [200, answer, json];
    });
  return seen;
}

describe('ProjeQtor status categories (section 6: flags, never names or ids)', () => {
  it('maps the recorded statuses by their flags', () => {
    const byName = Object.fromEntries(recordedItems('setup_list_statuses').map((row) => [row.name, categoryOf(statusRowSchema.parse(row))]));
    expect(byName).toEqual({
      recorded: 'open',
      qualified: 'open',
      accepted: 'open',
      're-opened': 'open',
      assigned: 'in_progress',
      prepared: 'in_progress',
      'in progress': 'in_progress',
      paused: 'in_progress',
      done: 'done',
      verified: 'done',
      delivered: 'done',
      validated: 'done',
      closed: 'done',
      cancelled: 'cancelled',
      copied: 'open',
    });
  });

  it('decides from the flags of a renamed status, reading the list again for an id it has not seen', async () => {
    const rows = recordedItems('setup_list_statuses');
    nock(HOST).get('/api/Status/all').reply(200, bodyOf(rows), json);
    const ticket = recordedItems('ticket_get_by_id')[0]!;
    nock(HOST)
      .get('/api/Ticket/1')
      .reply(200, bodyOf([ticket]), json);
    const adapter = pqAdapter();
    expect((await adapter.getIssue('1'))?.category).toBe('open');
    const custom = { ...rows[0]!, id: '42', name: 'Livré au client', setDoneStatus: '1' };
    nock(HOST)
      .get('/api/Status/all')
      .reply(200, bodyOf([...rows, custom]), json);
    nock(HOST)
      .get('/api/Ticket/1')
      .reply(200, bodyOf([{ ...ticket, idStatus: '42', nameStatus: 'Livré au client' }]), json);
    expect(await adapter.getIssue('1')).toMatchObject({ status: 'Livré au client', category: 'done' });
  });
});

describe('ProjeQtor adapter against the recorded answers', () => {
  it('creates the ticket with the configured ids, encrypted as text/plain, and returns the re-read object', async () => {
    const seen = captureWrite('Ticket', recordedBody('ticket_create_post'));
    statuses();
    const issue = await pqAdapter({ priorities: { critical: 4, high: 3, normal: 2, low: 1 } }).createIssue({
      title: 'Crash when exporting invoice to PDF',
      description: 'Escalated from helpdesk ticket HD-10042.\nSteps: open invoice, click Export PDF -> HTTP 500.',
      externalRef: 'HD-10042',
      urgency: 'high',
    });
    expect(seen.contentType).toBe('text/plain');
    expect(seen.plain).toEqual({
      name: 'Crash when exporting invoice to PDF',
      description: 'Escalated from helpdesk ticket HD-10042.\nSteps: open invoice, click Export PDF -> HTTP 500.',
      idProject: 1,
      idTicketType: 209,
      idStatus: 1,
      idUrgency: 2,
      idPriority: 3,
      externalReference: 'HD-10042',
    });
    expect(issue).toEqual({
      id: '1',
      reference: '--1',
      title: 'Crash when exporting invoice to PDF',
      status: 'recorded',
      category: 'open',
      externalRef: 'HD-10042',
      url: 'https://pq.example.com/view/main.php?directAccess=true&objectClass=Ticket&objectId=1',
      // "2026-11-23 09:12:36" Paris = 08:12:36Z, the recorded Date header of that answer.
      updatedAt: new Date('2026-11-23T08:12:36Z'),
    });
  });

  it('maps the default urgencies to the recorded Urgency list and sends no priority unless configured', async () => {
    const seen = captureWrite('Ticket', recordedBody('ticket_create_post'));
    statuses();
    await pqAdapter().createIssue({ title: 't', description: 'd', externalRef: 'HD-1', urgency: 'critical' });
    expect(seen.plain).toMatchObject({ idUrgency: 1 });
    expect(seen.plain).not.toHaveProperty('idPriority');
  });

  it('reads a ticket, and an empty list (unknown or not visible) as null', async () => {
    nock(HOST).get('/api/Ticket/1').reply(200, recordedBody('ticket_get_by_id'), json);
    statuses();
    expect(await pqAdapter().getIssue('1')).toMatchObject({ id: '1', externalRef: 'HD-10042', category: 'open' });
    nock(HOST).get('/api/Ticket/99999').reply(200, recordedBody('ticket_get_unknown_id'), json);
    expect(await pqAdapter().getIssue('99999')).toBeNull();
    nock(HOST).get('/api/Ticket/1').reply(200, recordedBody('rights_outsider_get_ticket_not_visible'), json);
    expect(await pqAdapter().getIssue('1')).toBeNull();
  });

  it('refuses an id that is not a number before calling (it would get the usage text)', async () => {
    await expect(pqAdapter().getIssue('abc')).rejects.toBeInstanceOf(InputError);
  });

  it('searches the external reference in the project and keeps only the exact value (the collation ignores case)', async () => {
    const found = recordedItems('ticket_search_external_reference_case_insensitive');
    expect(found[0]!.externalReference).toBe('HD-10043');
    nock(HOST).get("/api/Ticket/search/externalReference%3D'hd-10043'/idProject%3D1").reply(200, bodyOf(found), json);
    expect(await pqAdapter().findByExternalRef('hd-10043')).toEqual([]);
    nock(HOST).get("/api/Ticket/search/externalReference%3D'HD-10043'/idProject%3D1").reply(200, bodyOf(found), json);
    statuses();
    expect((await pqAdapter().findByExternalRef('HD-10043')).map((i) => i.id)).toEqual(['2']);
  });

  it('encodes a reference with a quote and a slash into the allowed characters on create and search alike', async () => {
    const seen = captureWrite('Ticket', recordedBody('ticket_create_post'));
    statuses();
    await pqAdapter().createIssue({ title: 't', description: 'd', externalRef: "HD-O'Brien/1", urgency: 'low' });
    expect(seen.plain?.externalReference).toBe('HD-O_27Brien_2F1');
    nock(HOST).get("/api/Ticket/search/externalReference%3D'HD-O_27Brien_2F1'/idProject%3D1").reply(200, bodyOf([]), json);
    expect(await pqAdapter().findByExternalRef("HD-O'Brien/1")).toEqual([]);
  });

  it('adds a note with its privacy and a server-local creationDate, after checking the ticket exists', async () => {
    nock(HOST)
      .get('/api/Ticket/4')
      .reply(200, recordedBody('ticket_get_by_id').replace(/"id":"1"/, '"id":"4"'), json);
    statuses();
    const seen = captureWrite('Note', recordedBody('note_create_with_explicit_creation_date'));
    await pqAdapter({}, () => new Date('2026-11-23T08:16:00Z')).addNote('4', 'Note text', 'team');
    expect(seen.plain).toEqual({ refType: 'Ticket', refId: 4, note: 'Note text', idPrivacy: 2, creationDate: '2026-11-23 09:16:00' });
  });

  it('does not write a note on a ticket it cannot read (ProjeQtor would accept it)', async () => {
    nock(HOST).get('/api/Ticket/99999').reply(200, recordedBody('ticket_get_unknown_id'), json);
    await expect(pqAdapter().addNote('99999', 'lost', 'public')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('pings: the project is visible and the initial status exists', async () => {
    nock(HOST).get('/api/Project/1').reply(200, recordedBody('auth_wrong_password_still_accepted'), json);
    statuses();
    await expect(pqAdapter().ping!()).resolves.toBeUndefined();
  });

  it('pings: an invisible project is named with the setting to fix', async () => {
    nock(HOST).get('/api/Project/7').reply(200, recordedBody('ticket_get_unknown_id'), json);
    await expect(pqAdapter({ projectId: 7 }).ping!()).rejects.toThrow(/cannot see project 7 \(projectId\)/);
  });

  it('pings: an initial status the instance does not have is a clear schema error', async () => {
    nock(HOST).get('/api/Project/1').reply(200, recordedBody('auth_wrong_password_still_accepted'), json);
    nock(HOST).get('/api/Status/all').twice().reply(200, recordedBody('setup_list_statuses'), json);
    await expect(pqAdapter({ initialStatusId: 77 }).ping!()).rejects.toThrow(/status 77/);
  });

  it('sends the user name in Basic auth with the web server password', async () => {
    nock(HOST)
      .get('/api/Ticket/99999')
      .matchHeader('authorization', `Basic ${Buffer.from('ticketbridge:web-secret').toString('base64')}`)
      .reply(200, recordedBody('ticket_get_unknown_id'), json);
    expect(await pqAdapter().getIssue('99999')).toBeNull();
  });
});

describe('ProjeQtor changes: /updated/ in the server wall clock, cursor with overlap (section 9)', () => {
  const recorded = recording('ticket_updated_between_server_local_window_finds');

  it('asks the recorded Paris window, not the UTC one, and gets the recorded ticket', async () => {
    expect(recorded.request.url).toBe(`${HOST}/api/Ticket/updated/20261123091639/20261123091644`);
    nock(HOST)
      .get('/api/Ticket/updated/20261123091639/20261123091644')
      .reply(200, recordedBody('ticket_updated_between_server_local_window_finds'), json);
    statuses();
    const adapter = pqAdapter({ pollOverlapSeconds: 0 }, () => new Date('2026-11-23T08:16:44Z'));
    const page = await adapter.listChanges('20261123091639+0100', new Date(0));
    expect(page.issues.map((i) => [i.id, i.externalRef])).toEqual([['30', 'HD-10080']]);
    expect(page.cursor).toBe('20261123091644+0100');
  });

  it('starts from `since` on the first poll and reaches back by the overlap afterwards', async () => {
    const now = new Date('2026-11-23T08:16:44Z');
    nock(HOST).get('/api/Ticket/updated/20261123084312/20261123091644').reply(200, bodyOf([]), json);
    const first = await pqAdapter({}, () => now).listChanges(null, new Date('2026-11-23T07:43:12Z'));
    nock(HOST).get('/api/Ticket/updated/20261123091444/20261123091714').reply(200, bodyOf([]), json);
    await pqAdapter({}, () => new Date('2026-11-23T08:17:14Z')).listChanges(first.cursor, new Date(0));
  });

  it('lists each id + lastUpdateDateTime once and only tickets of the configured project', async () => {
    const row = recordedItems('ticket_updated_between_server_local_window_finds')[0]!;
    nock(HOST)
      .get(/\/api\/Ticket\/updated\/\d{14}\/\d{14}$/)
      .reply(200, bodyOf([row, row, { ...row, id: '31', idProject: '2' }]), json);
    statuses();
    const page = await pqAdapter().listChanges(null, new Date('2026-11-23T08:00:00Z'));
    expect(page.issues.map((i) => i.id)).toEqual(['30']);
  });

  it('does not ask, nor move the cursor back, when the clock is behind the cursor', async () => {
    const page = await pqAdapter({ pollOverlapSeconds: 0 }, () => new Date('2026-11-23T08:00:00Z')).listChanges('20261123091644+0100', new Date(0));
    expect(page).toEqual({ issues: [], cursor: '20261123091644+0100' });
  });

  it('refuses a cursor it did not write', async () => {
    await expect(pqAdapter().listChanges('2026-11-23T09:16:44', new Date(0))).rejects.toBeInstanceOf(InputError);
  });
});
