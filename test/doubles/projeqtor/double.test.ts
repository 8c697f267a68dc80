import axios from 'axios';
import { encryptBody, PQ_DOUBLE_USER, startProjeqtorDouble, type PqDouble } from '.';
import { recording } from './recorded';

const auth = { username: PQ_DOUBLE_USER.name, password: PQ_DOUBLE_USER.password };
const nonce = Buffer.from('0102030405060708', 'hex');

describe('ProjeQtor double answers as recorded', () => {
  let pq: PqDouble;
  beforeEach(async () => {
    pq = await startProjeqtorDouble();
  });
  afterEach(() => pq.close());

  const get = (path: string, a = auth) =>
    axios.get<string>(`${pq.url}${path}`, { auth: a, responseType: 'text', transformResponse: (x) => x, validateStatus: () => true });
  const post = (path: string, body: unknown) =>
    axios.post<string>(`${pq.url}${path}`, encryptBody(JSON.stringify(body), PQ_DOUBLE_USER.apiKey, 128, nonce), {
      auth,
      headers: { 'Content-Type': 'text/plain' },
      responseType: 'text',
      transformResponse: (x) => x,
    });

  it('decrypts the recorded create body with the recorded key and answers like ProjeQtor', async () => {
    const rec = recording('ticket_create_post');
    const res = await axios.post<string>(`${pq.url}Ticket`, rec.request.body!.raw, {
      auth,
      headers: { 'Content-Type': 'text/plain' },
      responseType: 'text',
      transformResponse: (x) => x,
    });
    const item = JSON.parse(res.data).items[0];
    const recorded = (rec.response.body as { items: Record<string, string>[] }).items[0]!;
    expect(Object.keys(item)).toEqual(Object.keys(recorded));
    expect(item).toMatchObject({
      apiResult: 'OK',
      apiResultMessage: 'Ticket #1 inserted',
      name: recorded.name,
      description: recorded.description,
      externalReference: 'HD-10042',
      nameUrgency: 'Urgent',
      nameStatus: 'recorded',
      nameTicketType: 'Bug',
      reference: 'TB-BUG-1',
    });
    expect(pq.control.storedDescription('1')).toContain('\n');
  });

  it('gives the recorded invalid-JSON request errors and the web server 401', async () => {
    expect((await get('Ticket/all', { username: 'nobody', password: 'x' })).status).toBe(401);
    const open = await startProjeqtorDouble({ webPasswords: null });
    try {
      const res = await axios.get<string>(`${open.url}Ticket/all`, {
        auth: { username: 'nobody', password: 'x' },
        responseType: 'text',
        transformResponse: (x) => x,
      });
      expect(res.data).toBe(recording('auth_error_unknown_user').response.body);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    } finally {
      await open.close();
    }
    const bad = await axios.post<string>(`${pq.url}Ticket`, encryptBody('{"name":"x"}', 'f'.repeat(32), 128, nonce), {
      auth,
      headers: { 'Content-Type': 'text/plain' },
      responseType: 'text',
      transformResponse: (x) => x,
    });
    expect(bad.data).toBe(recording('write_error_encrypted_with_wrong_key').response.body);
    expect((await get('Ticket/abc')).data).toBe(recording('ticket_get_error_non_numeric_id').response.body);
  });

  it('searches by external reference case-insensitively and lists changes by server-local window', async () => {
    pq.control.setClock(new Date('2026-11-23T08:16:41Z'));
    await post('Ticket', { name: 'Time zone check', idProject: 1, idTicketType: 209, idStatus: 1, externalReference: 'HD-10080' });
    const found = JSON.parse((await get("Ticket/search/externalReference%3D'hd-10080'")).data);
    expect(found.items.map((i: { id: string }) => i.id)).toEqual(['1']);
    expect(JSON.parse((await get('Ticket/updated/20261123091639/20261123091644')).data).items).toHaveLength(1);
    expect(JSON.parse((await get('Ticket/updated/20261123081639/20261123081644')).data).items).toHaveLength(0);
    expect(JSON.parse((await get('Ticket/updated/20261123091641/20261123091641')).data).items).toHaveLength(0);
  });

  it('keeps notes, answers INVALID for a missing status, and lets a developer close the ticket', async () => {
    const missing = JSON.parse((await post('Ticket', { name: 'x', idProject: 1, idTicketType: 209 })).data).items[0];
    expect(missing.apiResultMessage).toBe(
      (recording('ticket_create_error_missing_idStatus').response.body as { items: Array<{ apiResultMessage: string }> }).items[0]!.apiResultMessage,
    );
    await post('Ticket', { name: 'Bug', idProject: 1, idTicketType: 209, idStatus: 1 });
    const note = JSON.parse((await post('Note', { refType: 'Ticket', refId: 1, note: 'hello', idPrivacy: 2 })).data).items[0];
    expect(note).toMatchObject({ apiResult: 'OK', refId: '1', namePrivacy: 'team' });
    const listed = JSON.parse((await get("Note/search/refType%3D'Ticket'/refId%3D1")).data).items;
    expect(listed.map((n: { note: string }) => n.note)).toEqual(['hello']);
    pq.control.setStatus('1', '7');
    expect(pq.control.tickets()[0]).toMatchObject({ idStatus: '7', nameStatus: 'closed', done: '1', idle: '1' });
    expect(pq.control.notes('1')).toHaveLength(1);
  });
});
