import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { SHIPPED_PLUGINS } from '../../../plugins';
import { loadConfig } from '../../../src/config';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { deliverUpdates } from '../../../src/sync/reflect/deliver-update';
import { startForTest, type Started } from '../../doubles/dolibarr/test-support';
import { SEED } from '../../e2e/support/webhook-scenario';
import { startHelpdeskReceiver } from '../../e2e/support/helpdesk-receiver';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';
import { deleteKeysUnder } from '../../support/redis-keys';
import { REDIS_URL } from '../store/redis-env';
import { roundTripsDuring } from '../store/round-trips';

/**
 * A later message's mirror run. 7b1aaac took 16: its contract, reported again, was stored again and then deleted, the
 * customer and contract were read from the cache again for each message, and the helpdesk states were read on their own.
 */
const LATER_TRIPS = 12;

/**
 * What the bridge waits on Redis for, per ticket, with the stores the service runs: each round trip is a system call
 * and a wake-up on both sides, and on a machine shared with Dolibarr that CPU is taken from it. A change that adds
 * round trips to this path has to say why here.
 */
describe('Redis round trips of the webhook path, with the real stores', () => {
  let erp: Started;
  let receiver: Awaited<ReturnType<typeof startHelpdeskReceiver>>;
  let rt: Runtime;
  let dir: string;
  const prefix = `tbtest:round-trips:${process.pid}`;
  const newTicket = (id: string) => {
    const ticket = helpdeskTicket({ id, number: id, helpdeskId: 'webhook', customer: { email: 'marie.durand@acme.example' } });
    const articles = [article(`${id}-m1`, 'first reply'), article(`${id}-m2`, 'second reply'), article(`${id}-m3`, 'third reply')];
    return {
      key: { helpdeskId: 'webhook', ticketId: id },
      ticket,
      event: { type: 'ticket.upserted' as const, snapshot: snapshot(ticket, articles) },
    };
  };
  /** The updates a ticket's run reported (ERP ticket linked, contract resolved), in the outbox. */
  const reported = async (id: string) =>
    (await rt.redis.keys(`${prefix}:outbox:update:webhook:*:webhook:${id}:*`)).map((k) => k.slice(`${prefix}:outbox:update:webhook:`.length)).sort();

  beforeAll(async () => {
    erp = await startForTest();
    receiver = await startHelpdeskReceiver();
    await erp.control.post('/seed', SEED);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-round-trips-'));
    const file = path.join(dir, 'site.yaml');
    fs.writeFileSync(
      file,
      YAML.stringify({
        dolibarr: { url: erp.double.url },
        redis: { prefix },
        helpdesks: { webhook: { plugin: 'webhook', settings: { outboundUrl: receiver.url } } },
      }),
    );
    const env = {
      TICKETBRIDGE_CONFIG: file,
      DOLIBARR_API_KEY: 'test-key',
      TB_HELPDESK_WEBHOOK_SECRET: 'round-trips-secret',
      REDIS_URL,
      LOG_LEVEL: 'error',
    };
    rt = createRuntime(loadConfig({ env }), SHIPPED_PLUGINS);
    await rt.mapping.start(rt.redis.duplicate({ enableAutoPipelining: false }));
  });

  afterAll(async () => {
    await rt.close();
    await deleteKeysUnder(`${prefix}:`);
    await erp.double.close();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // 75a6f26 took 2, 32 and 8; 8f67124 1, 20 and 3 (its writes as transactions, which ioredis never pipelines); 1659d5b
  // 1, 16 and 3 (the helpdesk states read on their own); c064878 1, 15 and 3 (the link and the contract reported one
  // after the other, each stored, then queued); 2031a80 1, 14 and 3 (the link read again before it was saved).
  it('a new ticket: its first event is one round trip, its mirror with three messages at most 13, its two updates 3', async () => {
    // A ticket before it, as a running service has had: Redis then knows the scripts (a first use sends each twice),
    // and the customer's answers are cached, as for every ticket of a known customer but the first.
    const before = newTicket('9000');
    await rt.engine.snapshots.apply('webhook', before.event);
    await rt.engine.resolveAccount(before.ticket, before.key);
    await mirrorTicket(before.key, rt.engine);
    await deliverUpdates(before.key, await reported('9000'), rt.engine);

    const { key, event } = newTicket('9001');
    expect(await roundTripsDuring(rt.redis, () => rt.engine.snapshots.apply('webhook', event))).toBe(1);
    const trips = await roundTripsDuring(rt.redis, () => mirrorTicket(key, rt.engine));
    expect(erp.double.state().tickets).toHaveLength(2);
    expect(trips).toBeLessThanOrEqual(13);

    // What the run reported to the helpdesk, delivered as its job does.
    const eventIds = await reported('9001');
    expect(eventIds).toEqual([expect.stringMatching(/^contract\.resolved:/), expect.stringMatching(/^erp\.ticket_linked:/)]);
    expect(await roundTripsDuring(rt.redis, () => deliverUpdates(key, eventIds, rt.engine))).toBe(3);
    expect(
      receiver.events
        .filter((e) => e.body.ticketId === '9001')
        .map((e) => e.body.eventId)
        .sort(),
    ).toEqual(eventIds);
  });

  it(`a later message of a linked ticket: its mirror at most ${LATER_TRIPS} round trips, its contract reported again writing nothing`, async () => {
    const { key, event } = newTicket('9002');
    await rt.engine.snapshots.apply('webhook', event);
    await mirrorTicket(key, rt.engine);
    await deliverUpdates(key, await reported('9002'), rt.engine);

    const later = { type: 'article.added' as const, ticketId: '9002', article: article('9002-m4', 'fourth reply') };
    await rt.engine.snapshots.apply('webhook', later);
    const messagesBefore = erp.double.state().events.length;
    const trips = await roundTripsDuring(rt.redis, () => mirrorTicket(key, rt.engine));
    expect(erp.double.state().events.length).toBe(messagesBefore + 1);
    expect(trips).toBeLessThanOrEqual(LATER_TRIPS);
    // Nothing new to tell the helpdesk: the contract, reported again, is delivered already.
    expect(await reported('9002')).toEqual([]);
  });
});
