import request from 'supertest';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../../../src/http/app';
import { recordDolibarrLimit } from '../../../src/http/metrics';
import type { HttpDeps, EventIntake, AdminService } from '../../../src/http/ports';
import { InboundAuthError, type HelpdeskAdapter, type InboundEvent, InputError } from '../../../src/plugin-sdk';
import type { ErpChange } from '../../../src/sync/erp-change';

const RECORDED = path.join(__dirname, '../../fixtures/dolibarr-webhooks');
const recorded = (name: string) => JSON.parse(fs.readFileSync(path.join(RECORDED, name), 'utf8')).body;

class FakeIntake implements EventIntake {
  helpdesk: Array<{ helpdeskId: string; events: InboundEvent[] }> = [];
  erp: ErpChange[] = [];
  failNext = false;
  async acceptHelpdeskEvents(helpdeskId: string, events: InboundEvent[]) {
    if (this.failNext) throw new Error('redis down');
    this.helpdesk.push({ helpdeskId, events });
    return { queued: events.length, duplicates: 0 };
  }
  async acceptErpChange(change: ErpChange) {
    if (this.failNext) throw new Error('redis down');
    this.erp.push(change);
  }
  accountChanges: string[] = [];
  async acceptAccountsChange(trigger: string) {
    this.accountChanges.push(trigger);
  }
}

const fakeAdapter: HelpdeskAdapter = {
  id: 'hd',
  plugin: 'fake',
  inbound: {
    receive(req) {
      if (req.headers['x-key'] !== 'good') throw new InboundAuthError('bad signature');
      const body = JSON.parse(req.rawBody.toString('utf8')) as { ticketId?: unknown };
      if (typeof body.ticketId !== 'string') throw new InputError('invalid event', ['ticketId: Required']);
      return { events: [{ type: 'ticket.changed', ticketId: body.ticketId }] };
    },
  },
};

const TOKEN = 'dolibarr-hook-token-0123456789';
const ADMIN = 'admin-token-0123456789abcdef';

function build(overrides: Partial<HttpDeps> = {}) {
  const intake = new FakeIntake();
  const admin: AdminService = {
    listFailed: jest.fn(async () => [{ id: '7', name: 'mirror-ticket', failedReason: 'boom' }]),
    replay: jest.fn(async () => ({ replayed: ['7'] })),
    raiseQuote: jest.fn(async () => ({ jobId: 'raise-quote:hd:42:req-12345678' })),
    escalateToDev: jest.fn(async () => ({ jobId: '17' })),
    queueCounts: jest.fn(async () => ({ mirror: { waiting: 0 } })),
  };
  const app = createApp({
    adapters: new Map([['hd', fakeAdapter]]),
    intake,
    readiness: async () => ({ ready: true, checks: { redis: { ok: true } } }),
    admin,
    adminToken: ADMIN,
    dolibarrWebhookToken: TOKEN,
    ownCaller: 'ticketbridge',
    ...overrides,
  });
  return { app, intake, admin };
}

describe('HTTP app', () => {
  it('answers health and readiness, naming what failed', async () => {
    const { app } = build({
      readiness: async () => ({ ready: false, checks: { redis: { ok: true }, dolibarr: { ok: false, detail: 'connection refused' } } }),
    });
    await request(app).get('/healthz').expect(200);
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks.dolibarr).toEqual({ ok: false, detail: 'connection refused' });
  });

  describe('helpdesk webhooks', () => {
    it('queues authenticated events and answers 202', async () => {
      const { app, intake } = build();
      const res = await request(app).post('/webhooks/helpdesk/hd').set('x-key', 'good').send('{"ticketId":"42"}').expect(202);
      expect(res.body).toMatchObject({ accepted: 1 });
      expect(intake.helpdesk).toEqual([{ helpdeskId: 'hd', events: [{ type: 'ticket.changed', ticketId: '42' }] }]);
    });

    it('refuses bad credentials with 401 and bad payloads with 400, queuing nothing', async () => {
      const { app, intake } = build();
      await request(app).post('/webhooks/helpdesk/hd').set('x-key', 'bad').send('{"ticketId":"42"}').expect(401);
      const res = await request(app).post('/webhooks/helpdesk/hd').set('x-key', 'good').send('{"ticketId":42}').expect(400);
      expect(res.body.issues).toEqual(['ticketId: Required']);
      await request(app).post('/webhooks/helpdesk/nope').send('{}').expect(404);
      expect(intake.helpdesk).toEqual([]);
    });

    it('answers 503 when the events cannot be stored, so the sender retries', async () => {
      const { app, intake } = build();
      intake.failNext = true;
      await request(app).post('/webhooks/helpdesk/hd').set('x-key', 'good').send('{"ticketId":"42"}').expect(503);
      await request(app).get('/healthz').expect(200);
    });
  });

  describe('Dolibarr webhooks', () => {
    it('refuses an unknown token', async () => {
      const { app, intake } = build();
      await request(app).post('/webhooks/dolibarr/wrong').send(recorded('webhook_payload_assign_02_TICKET_MODIFY.json')).expect(401);
      expect(intake.erp).toEqual([]);
    });

    it("queues ticket changes and ERP users' messages from the recorded payloads", async () => {
      const { app, intake } = build();
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(recorded('webhook_payload_assign_02_TICKET_MODIFY.json')).expect(202);
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(recorded('webhook_payload_ticketlifecycle_03_ACTION_CREATE.json')).expect(202);
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(recorded('webhook_payload_intervention_05_FICHINTER_CLOSE.json')).expect(202);
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(recorded('webhook_payload_proposal_05_PROPAL_CLOSE_SIGNED.json')).expect(202);
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(recorded('webhook_payload_invoice_04_BILL_VALIDATE.json')).expect(202);
      expect(intake.erp).toEqual([
        { kind: 'ticket', erpId: 2 },
        { kind: 'message', erpId: 29, ticketErpId: 3 },
        { kind: 'intervention', erpId: 2, contractId: 1 },
        { kind: 'proposal', erpId: 4 },
        { kind: 'invoice', erpId: 1 },
      ]);
    });

    it("drops the bridge's own writes and the automatic agenda events", async () => {
      const { app, intake } = build({ ownCaller: 'helpdeskconnector' });
      const own = await request(app)
        .post(`/webhooks/dolibarr/${TOKEN}`)
        .send(recorded('webhook_payload_ticketmodify_02_TICKET_MODIFY.json'))
        .expect(200);
      expect(own.body.ignored).toMatch(/own write/);
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(recorded('webhook_payload_ticketmodify_01_ACTION_CREATE.json')).expect(200);
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(recorded('webhook_payload_invoice_01_OBJECT_LINK_INSERT.json')).expect(200);
      expect(intake.erp).toEqual([]);
    });

    it('takes a contract change as stale customer and contract look-ups, queueing no job', async () => {
      const { app, intake } = build();
      const body = { ...recorded('webhook_payload_assign_02_TICKET_MODIFY.json'), triggercode: 'LINECONTRACT_ACTIVATE' };
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).send(body).expect(202);
      expect(intake.accountChanges).toEqual(['LINECONTRACT_ACTIVATE']);
      expect(intake.erp).toEqual([]);
    });

    it('answers 400 for a malformed delivery', async () => {
      const { app, intake } = build();
      const res = await request(app)
        .post(`/webhooks/dolibarr/${TOKEN}`)
        .send({ object: { id: 'x' } })
        .expect(400);
      expect(res.body.issues.join()).toMatch(/triggercode/);
      await request(app).post(`/webhooks/dolibarr/${TOKEN}`).set('content-type', 'application/json').send('{not json').expect(400);
      expect(intake.erp).toEqual([]);
    });
  });

  describe('admin API', () => {
    it('requires the admin token', async () => {
      const { app, admin } = build();
      await request(app).get('/api/jobs/failed').expect(401);
      await request(app).get('/api/jobs/failed').set('authorization', 'Bearer wrong-token-0123456789').expect(401);
      expect(admin.listFailed).not.toHaveBeenCalled();
      const disabled = build({ adminToken: undefined });
      await request(disabled.app).get('/api/jobs/failed').expect(503);
    });

    it('lists and replays failed jobs', async () => {
      const { app, admin } = build();
      const failed = await request(app).get('/api/jobs/failed').set('authorization', `Bearer ${ADMIN}`).expect(200);
      expect(failed.body[0]).toMatchObject({ id: '7', failedReason: 'boom' });
      await request(app)
        .post('/api/jobs/replay')
        .set('authorization', `Bearer ${ADMIN}`)
        .send({ jobId: '7' })
        .expect(200, { replayed: ['7'] });
      await request(app).post('/api/jobs/replay').set('authorization', `Bearer ${ADMIN}`).send({ jobId: '' }).expect(400);
      expect(admin.replay).toHaveBeenCalledTimes(1);
    });

    it('queues a quote with a request id, validating the body', async () => {
      const { app, admin } = build();
      const auth = `Basic ${Buffer.from(`admin:${ADMIN}`).toString('base64')}`;
      await request(app).post('/api/tickets/hd/42/quote').set('authorization', auth).send({ requestId: 'req-12345678', hours: 3 }).expect(202);
      expect(admin.raiseQuote).toHaveBeenCalledWith({ helpdeskId: 'hd', ticketId: '42', requestId: 'req-12345678', hours: 3 });
      const bad = await request(app).post('/api/tickets/hd/42/quote').set('authorization', auth).send({ hours: -1 }).expect(400);
      expect(bad.body.issues.join()).toMatch(/requestId[\s\S]*hours/);
    });

    it('queues a dev escalation with the bearer token, and only with it', async () => {
      const { app, admin } = build();
      await request(app).post('/api/tickets/hd/42/dev-escalation').send({}).expect(401);
      expect(admin.escalateToDev).not.toHaveBeenCalled();
      await request(app).post('/api/tickets/hd/42/dev-escalation').set('authorization', `Bearer ${ADMIN}`).send({}).expect(202, { jobId: '17' });
      expect(admin.escalateToDev).toHaveBeenCalledWith({ helpdeskId: 'hd', ticketId: '42' });
      await request(app).post('/api/tickets/hd/42/dev-escalation').set('authorization', `Bearer ${ADMIN}`).send({ urgent: true }).expect(400);
      expect(admin.escalateToDev).toHaveBeenCalledTimes(1);
    });
  });

  it('exposes Prometheus metrics', async () => {
    const { app } = build();
    const res = await request(app).get('/metrics').expect(200);
    expect(res.text).toContain('ticketbridge_inbound_deliveries_total');
  });

  it('shows the Dolibarr call limit and why it was lowered in /metrics', async () => {
    const { app } = build();
    recordDolibarrLimit({ limit: 2, reason: 'rate-limited' });
    const res = await request(app).get('/metrics').expect(200);
    expect(res.text).toMatch(/^ticketbridge_dolibarr_call_limit 2$/m);
    expect(res.text).toMatch(/^ticketbridge_dolibarr_slowdowns_total\{reason="rate-limited"\} 1$/m);
  });
});
