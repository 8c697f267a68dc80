/**
 * Records, against a REAL Dolibarr (never production), how a ticket message written as an agenda event compares with
 * one written by POST /tickets/newmessage: the ids answered, the ticket's `messages`, the agenda list, and (when
 * WEBHOOK_PORT is set and a webhook target posts ACTION_CREATE there) the webhook each one fires.
 * Writes test/fixtures/dolibarr/<name>.json in the recordings' format, the key replaced by <ADMIN_API_KEY>.
 * Run: DOLIBARR_URL=... DOLIBARR_API_KEY=... [WEBHOOK_PORT=9999] npx ts-node --transpile-only test/real-dolibarr/record-ticket-messages.ts
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const url = process.env.DOLIBARR_URL;
const apiKey = process.env.DOLIBARR_API_KEY;
if (!url || !apiKey) {
  console.error('Refusing to run: set DOLIBARR_URL and DOLIBARR_API_KEY (a test instance, never production).');
  process.exit(2);
}
const FIXTURES = join(__dirname, '../fixtures/dolibarr');
const WEBHOOK_FIXTURES = join(__dirname, '../fixtures/dolibarr-webhooks');

interface Exchange {
  status: number;
  body: unknown;
}

async function call(name: string | null, method: string, path: string, body?: unknown): Promise<Exchange> {
  const headers: Record<string, string> = { Accept: 'application/json', DOLAPIKEY: apiKey! };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const started = performance.now();
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const timeMs = Math.round((performance.now() - started) * 10) / 10;
  let parsed: unknown = text;
  let isJson = false;
  try {
    parsed = JSON.parse(text);
    isJson = true;
  } catch {
    // kept as text
  }
  if (name) {
    const recordedHeaders = { ...headers, DOLAPIKEY: '<ADMIN_API_KEY>' };
    const curlBody = body === undefined ? '' : ` -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;
    const recording = {
      request: { method, url: url + path, headers: recordedHeaders, ...(body === undefined ? {} : { body }) },
      curl: `curl -s -X ${method} '${url}${path}' -H "DOLAPIKEY: $DOLAPIKEY" -H 'Accept: application/json'${curlBody}`,
      response: {
        status: res.status,
        headers: headersOf(res.headers),
        time_ms: timeMs,
        body: parsed,
        body_is_json: isJson,
      },
    };
    writeFileSync(join(FIXTURES, `${name}.json`), `${JSON.stringify(recording, null, 2)}\n`);
  }
  console.log(`${method} ${path} → ${res.status} (${timeMs} ms)${name ? ` recorded as ${name}` : ''}`);
  return { status: res.status, body: parsed };
}

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, name) => (out[name] = value));
  return out;
}

/** Webhook bodies received while the probe runs (a target posting ACTION_CREATE to WEBHOOK_PORT). */
function startReceiver(port: number): { received: Array<{ headers: unknown; body: unknown; at: string }>; close(): void } {
  const received: Array<{ headers: unknown; body: unknown; at: string }> = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      try {
        received.push({ headers: req.headers, body: JSON.parse(data), at: new Date().toISOString() });
      } catch {
        received.push({ headers: req.headers, body: data, at: new Date().toISOString() });
      }
      res.writeHead(200).end('ok');
    });
  }).listen(port, '127.0.0.1');
  return { received, close: () => server.close() };
}

async function main(): Promise<void> {
  const port = process.env.WEBHOOK_PORT ? Number(process.env.WEBHOOK_PORT) : undefined;
  const receiver = port ? startReceiver(port) : undefined;
  const run = Date.now().toString(36).toUpperCase();
  const me = await call('user_info', 'GET', '/users/info');
  const userId = Number((me.body as { id: string }).id);
  const created = await call('ticket_create_own_ref_answers_id', 'POST', '/tickets', {
    ref: `PROBE-${run}`,
    track_id: `probe_${run.toLowerCase()}`,
    subject: `Probe ${run}`,
    message: 'Opening message',
    fk_soc: 1,
    caller: 'ticketbridge',
  });
  const ticketId = Number(created.body);
  const event = (code: string, text: string) => ({
    type_code: 'AC_OTH_AUTO',
    code,
    label: `Probe ${run}`,
    note_private: text,
    elementtype: 'ticket',
    fk_element: ticketId,
    socid: 1,
    userownerid: userId,
    datep: Math.floor(Date.now() / 1000),
    percentage: -1,
    caller: 'ticketbridge',
  });
  const pub = await call(
    'agendaevent_create_ticket_message',
    'POST',
    '/agendaevents',
    event('TICKET_MSG', 'Public reply written as an agenda event'),
  );
  const priv = await call(
    'agendaevent_create_ticket_message_private',
    'POST',
    '/agendaevents',
    event('TICKET_MSG_PRIVATE', 'Private note written as an agenda event'),
  );
  await call('ticket_newmessage_public', 'POST', '/tickets/newmessage', {
    track_id: `probe_${run.toLowerCase()}`,
    message: 'Public reply written by newmessage',
    private: 0,
    caller: 'ticketbridge',
  });
  await call('ticket_newmessage_private', 'POST', '/tickets/newmessage', {
    track_id: `probe_${run.toLowerCase()}`,
    message: 'Private note written by newmessage',
    private: 1,
    caller: 'ticketbridge',
  });
  await call('ticket_get_messages_agenda_and_newmessage', 'GET', `/tickets/${ticketId}`);
  await call('agendaevent_get_ticket_message', 'GET', `/agendaevents/${String(pub.body)}`);
  await call('agendaevent_get_ticket_message_private', 'GET', `/agendaevents/${String(priv.body)}`);
  const filter = `(t.elementtype:=:'ticket') and (t.fk_element:=:${ticketId}) and (t.code:like:'TICKET_MSG%')`;
  await call(
    'agendaevents_list_ticket_messages_agenda_and_newmessage',
    'GET',
    `/agendaevents?sqlfilters=${encodeURIComponent(filter)}&sortfield=t.datep&sortorder=ASC`,
  );
  await call('ticket_create_same_ref_again', 'POST', '/tickets', {
    ref: `PROBE-${run}`,
    track_id: `probe_${run.toLowerCase()}_2`,
    subject: `Probe ${run} again`,
    message: 'Same ref',
    fk_soc: 1,
    caller: 'ticketbridge',
  });
  if (receiver) {
    await new Promise((r) => setTimeout(r, 1000));
    receiver.close();
    const names = ['ticket_create', 'agenda_public', 'agenda_private', 'newmessage_public', 'newmessage_private'];
    const actions = receiver.received.filter((r) => (r.body as { triggercode?: string }).triggercode === 'ACTION_CREATE');
    actions.forEach((r, i) => {
      const name = `webhook_payload_ticketmessage_0${i + 1}_${names[i] ?? 'other'}_ACTION_CREATE`;
      writeFileSync(
        join(WEBHOOK_FIXTURES, `${name}.json`),
        `${JSON.stringify({ received_at: r.at, method: 'POST', url: '/dolibarr-webhook', headers: r.headers, body: r.body }, null, 2)}\n`,
      );
      const o = (r.body as { object: { code?: string; context?: { caller?: string } } }).object;
      console.log(`webhook ${i + 1}: ACTION_CREATE code=${o.code} context.caller=${o.context?.caller ?? '(none)'} recorded as ${name}`);
    });
    console.log(`webhooks received: ${receiver.received.length}`);
  }
  console.log(`ticket id ${ticketId}, ref PROBE-${run}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
