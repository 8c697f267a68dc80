import http from 'node:http';
import { startZnunyDouble, type ZnunyDouble } from '../../doubles/znuny';
import { loadRecording } from './recorded';
import { guardNetwork } from '../../support/nock-guard';

interface Recorded {
  response: { body: { Ticket: Record<string, unknown>[] } };
}

let double: ZnunyDouble;
guardNetwork({ loopback: true });
afterEach(() => double.close());

async function json(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Znuny double', () => {
  it('answers TicketGet with the same fields and id types as the recorded Znuny', async () => {
    double = await startZnunyDouble();
    const { ticketId } = double.control.createTicket({
      title: 'Shape',
      customerUser: 'jdoe',
      customerId: 'ACME',
      articles: [{ body: 'b', from: 'John <j@acme.example>', timeUnit: 1.5 }],
    });
    const session = (await json('POST', `${double.url}/Session`, { UserLogin: 'tb-agent', Password: 'tb-password' })).body.SessionID as string;
    const got = await json('GET', `${double.url}/Ticket/${ticketId}?AllArticles=1&DynamicFields=1`, undefined, {
      'X-OTRS-Header-SessionID': session,
    });
    const ours = (got.body.Ticket as Record<string, unknown>[])[0];
    const recorded = loadRecording<Recorded>('03_ticketget_all_flags').response.body.Ticket[0];
    expect(Object.keys(ours).sort()).toEqual(Object.keys(recorded).sort());
    const article = (ours.Article as Record<string, unknown>[])[0];
    const recordedArticle = (recorded.Article as Record<string, unknown>[])[0];
    expect(Object.keys(article).sort()).toEqual(Object.keys(recordedArticle).sort());
    for (const key of ['TicketID', 'StateID', 'TicketNumber', 'CustomerID']) expect(typeof ours[key]).toBe(typeof recorded[key]);
    for (const key of ['ArticleID', 'SenderTypeID', 'TimeUnit', 'IsVisibleForCustomer'])
      expect(typeof article[key]).toBe(typeof recordedArticle[key]);
  });

  it("gives an article without To the queue's name and an internal note an empty To, as the real Znuny does", async () => {
    double = await startZnunyDouble();
    const real = loadRecording<Recorded>('12_ticketget_after_reply_reminder_dynamicfields').response.body.Ticket[0].Article as Record<
      string,
      unknown
    >[];
    expect(real.map((a) => [a.CommunicationChannelID, a.To])).toEqual([
      [2, 'Support'],
      [3, ''],
      [1, 'it-2fe1a2bb@acme.example'],
    ]);
    const { ticketId } = double.control.createTicket({
      title: 'To',
      customerUser: 'c@acme.example',
      queue: 'Support',
      articles: [{ body: 'call', channel: 'Phone' }],
    });
    double.control.addArticle(ticketId, { body: 'note', channel: 'Internal', senderType: 'agent', visibleForCustomer: false });
    double.control.addArticle(ticketId, { body: 'reply', channel: 'Email', senderType: 'agent', to: 'c@acme.example' });
    const ours = double.control.ticket(ticketId).Article as Record<string, unknown>[];
    expect(ours.map((a) => [a.CommunicationChannelID, a.To])).toEqual(
      real.map((a) => [a.CommunicationChannelID, a.To === 'it-2fe1a2bb@acme.example' ? 'c@acme.example' : a.To]),
    );
  });

  it('can be driven over HTTP: create, add an article with time, merge, read back', async () => {
    double = await startZnunyDouble();
    const ctl = `${double.root}/_control`;
    const a = (await json('POST', `${ctl}/tickets`, { title: 'A', customerUser: 'x@acme.example', articles: [{ body: 'one', timeUnit: 10 }] })).body;
    const b = (await json('POST', `${ctl}/tickets`, { title: 'B', customerUser: 'x@acme.example', articles: [{ body: 'two' }] })).body;
    await json('POST', `${ctl}/tickets/${b.ticketId}/articles`, { body: 'worked', senderType: 'agent', visibleForCustomer: false, timeUnit: 5 });
    expect((await json('POST', `${ctl}/tickets/${a.ticketId}/merge`, { into: b.ticketId })).status).toBe(200);
    const target = (await json('GET', `${ctl}/tickets/${b.ticketId}`)).body;
    expect(target.TimeUnit).toBe(15);
    expect((await json('GET', `${ctl}/tickets/${a.ticketId}`)).body).toMatchObject({ State: 'merged', StateType: 'merged' });
    expect((await json('GET', `${ctl}/tickets/999`)).status).toBe(404);
  });

  it('POSTs invoker deliveries with the shared-secret header, shaped like the recorded ones', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
    const listener = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(raw) });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const port = (listener.address() as { port: number }).port;
    double = await startZnunyDouble({
      invoker: { url: `http://127.0.0.1:${port}/webhooks/helpdesk/znuny`, header: 'x-ticketbridge-token', secret: 'sec' },
    });
    double.control.createTicket({ title: 'Hook', customerUser: 'x@acme.example', articles: [{ body: 'one' }] });
    const session = (await json('POST', `${double.url}/Session`, { UserLogin: 'tb-agent', Password: 'tb-password' })).body.SessionID as string;
    await json('PATCH', `${double.url}/Ticket/1`, { Ticket: { State: 'open' } }, { 'X-OTRS-Header-SessionID': session });
    for (let i = 0; i < 200 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    listener.close();
    expect(received.map((r) => r.body.Event).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      { Event: 'ArticleCreate', TicketID: '1', ArticleID: 1 },
      { Event: 'TicketCreate', TicketID: 1 },
      { Event: 'TicketStateUpdate', TicketID: '1' },
    ]);
    for (const r of received) expect(r.headers['x-ticketbridge-token']).toBe('sec');
    const update = received.find((r) => (r.body.Event as { Event: string }).Event === 'TicketStateUpdate')!;
    expect(update.body.Ticket).toMatchObject({ State: 'open', DynamicField_DolibarrRef: null });
    expect(Object.keys(update.body.Ticket as object)).toEqual(expect.arrayContaining(['TicketNumber', 'Articles', 'Article']));
  });
});
