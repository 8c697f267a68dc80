import { RedisHelpdeskStateMemory, RedisLinkStore, removeUnreadLinkSets } from '../../../src/store';
import type { TicketLink } from '../../../src/sync/ports';
import { trackIdFor } from '../../../src/sync/shared/ticket-identity';
import { redisEnv, type RedisEnv } from './redis-env';
import { roundTripsDuring } from './round-trips';

const link = (ticketId: string, erpId: number, helpdeskId = 'znuny'): TicketLink => ({
  helpdeskId,
  ticketId,
  helpdeskNumber: `2026${ticketId}`,
  erpId,
  erpRef: `HD-2026${ticketId}`,
  trackId: `trk${erpId}`,
});

describe('RedisLinkStore', () => {
  let env: RedisEnv;
  let store: RedisLinkStore;

  beforeEach(() => {
    env = redisEnv('links');
    store = new RedisLinkStore(env.redis, env.keys);
  });
  afterEach(() => env.cleanup());

  it('finds a saved ticket link from both sides', async () => {
    await store.saveTicketLink(link('17', 501));
    expect(await store.getTicketLink({ helpdeskId: 'znuny', ticketId: '17' })).toEqual(link('17', 501));
    expect(await store.getTicketLinkByErpId(501)).toEqual(link('17', 501));
    expect(await store.getTicketLink({ helpdeskId: 'rt', ticketId: '17' })).toBeNull();
    expect(await store.getTicketLinkByErpId(502)).toBeNull();
  });

  it('reads links written before the helpdesk id was renamed (they say "source")', async () => {
    const old = { source: 'znuny', ticketId: '17', helpdeskNumber: '202617', erpId: 501, erpRef: 'HD-202617', trackId: 'trk501' };
    await env.redis.set(env.keys.key('link', 'ticket', 'znuny', '17'), JSON.stringify(old));
    await env.redis.set(env.keys.key('link', 'erp-ticket', '501'), JSON.stringify({ source: 'znuny', ticketId: '17' }));
    expect(await store.getTicketLinkByErpId(501)).toEqual(link('17', 501));
    await store.saveTicketLink(link('18', 502));
    const listed = [];
    for await (const l of store.listTicketLinks()) listed.push(l);
    expect(listed.sort((a, b) => a.erpId - b.erpId)).toEqual([link('17', 501), link('18', 502)]);
    // An article mirrored since: the ticket's hash holds its article link, the link itself is still in the earlier key.
    await store.saveArticleLink({ helpdeskId: 'znuny', ticketId: '17' }, 'a1', 3141);
    const withArticle = [];
    for await (const l of store.listTicketLinks()) withArticle.push(l.ticketId);
    expect(withArticle.sort()).toEqual(['17', '18']);
    // Saved again, the link moves to the ticket's hash: listed once.
    await store.saveTicketLink(link('17', 501));
    const again = [];
    for await (const l of store.listTicketLinks('znuny')) again.push(l.ticketId);
    expect(again.sort()).toEqual(['17', '18']);
  });

  it('stores a ticket link compactly (what derives from the ticket id is left out) and ERP ids in shared hashes', async () => {
    const derived: TicketLink = {
      helpdeskId: 'webhook',
      ticketId: 'T-9',
      helpdeskNumber: 'T-9',
      erpId: 130,
      erpRef: 'HD-T-9',
      trackId: trackIdFor({ helpdeskId: 'webhook', ticketId: 'T-9' }),
    };
    await store.saveTicketLink(derived);
    expect(await env.redis.hget(env.keys.key('link', 't', 'webhook', 'T-9'), 't')).toBe('[130,"HD-T-9"]');
    expect(await store.getTicketLink(derived)).toEqual(derived);
    expect(await store.getTicketLinkByErpId(130)).toEqual(derived);
    expect(await env.redis.hget(env.keys.key('link', 'erp-ticket', 'b1'), '130')).toBe('["webhook","T-9"]');
    const other = { ...derived, ticketId: 'T-10', helpdeskNumber: 'T-10', erpId: 131, trackId: 'custom-track' };
    await store.saveTicketLink(other);
    expect(await store.getTicketLink(other)).toEqual(other);
  });

  it('reads ERP-id links written one key each by earlier versions, and replaces them on the next write', async () => {
    await env.redis.set(env.keys.key('link', 'ticket', 'znuny', '17'), JSON.stringify(link('17', 501)));
    await env.redis.set(env.keys.key('link', 'erp-ticket', '501'), JSON.stringify({ helpdeskId: 'znuny', ticketId: '17' }));
    await env.redis.set(env.keys.key('link', 'erp-message', '7001'), JSON.stringify({ helpdeskId: 'znuny', ticketId: '17', articleId: '3' }));
    expect(await store.getTicketLinkByErpId(501)).toEqual(link('17', 501));
    expect(await store.getErpMessageLink({ helpdeskId: 'znuny', ticketId: '17' }, 7001)).toEqual({
      key: { helpdeskId: 'znuny', ticketId: '17' },
      articleId: '3',
    });
    await store.saveTicketLink(link('17', 777));
    expect(await store.getTicketLinkByErpId(501)).toBeNull();
    expect(await env.redis.exists(env.keys.key('link', 'erp-ticket', '501'))).toBe(0);
    await store.deleteTicketLink({ helpdeskId: 'znuny', ticketId: '17' });
    expect(await store.getTicketLinkByErpId(777)).toBeNull();
  });

  it('relinking a ticket to another ERP ticket forgets the old ERP id', async () => {
    await store.saveTicketLink(link('17', 501));
    await store.saveTicketLink(link('17', 777));
    expect(await store.getTicketLinkByErpId(501)).toBeNull();
    expect((await store.getTicketLinkByErpId(777))?.ticketId).toBe('17');
  });

  it('saves in one round trip given the link its caller read, and forgets the old ERP id that link names', async () => {
    expect(await roundTripsDuring(env.redis, () => store.saveTicketLink(link('17', 501)))).toBe(2);
    expect(await roundTripsDuring(env.redis, () => store.saveTicketLink(link('18', 502), null))).toBe(1);
    expect(await roundTripsDuring(env.redis, () => store.saveTicketLink(link('17', 777), link('17', 501)))).toBe(1);
    expect(await store.getTicketLinkByErpId(501)).toBeNull();
    expect(await store.getTicketLinkByErpId(777)).toEqual(link('17', 777));
    expect(await store.getTicketLink({ helpdeskId: 'znuny', ticketId: '18' })).toEqual(link('18', 502));
  });

  it('deletes both directions, and leaves an ERP id that now belongs to another ticket alone', async () => {
    await store.saveTicketLink(link('17', 501));
    await store.deleteTicketLink({ helpdeskId: 'znuny', ticketId: '17' });
    expect(await store.getTicketLink({ helpdeskId: 'znuny', ticketId: '17' })).toBeNull();
    expect(await store.getTicketLinkByErpId(501)).toBeNull();

    await store.saveTicketLink(link('1', 900));
    await store.saveTicketLink(link('2', 900));
    await store.deleteTicketLink({ helpdeskId: 'znuny', ticketId: '1' });
    expect((await store.getTicketLinkByErpId(900))?.ticketId).toBe('2');
  });

  it('lists links per source and across sources', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => String(i + 1));
    for (const id of ids) await store.saveTicketLink(link(id, 1000 + Number(id)));
    await store.saveTicketLink(link('A-1', 5000, 'jira'));
    await store.deleteTicketLink({ helpdeskId: 'znuny', ticketId: '3' });

    const znuny: string[] = [];
    for await (const l of store.listTicketLinks('znuny')) znuny.push(l.ticketId);
    expect(znuny.sort()).toEqual(ids.filter((id) => id !== '3').sort());

    const all: string[] = [];
    for await (const l of store.listTicketLinks()) all.push(`${l.helpdeskId}/${l.ticketId}`);
    expect(all).toHaveLength(450);
    expect(all).toContain('jira/A-1');
    // No list of ticket ids is kept besides the links themselves (a SET of them cost ~58 bytes a ticket).
    expect(await env.redis.keys(`${env.keys.key('link', 'tickets')}*`)).toEqual([]);
  });

  it('removes the sets earlier versions listed links with, and leaves the links', async () => {
    await store.saveTicketLink(link('17', 501));
    await env.redis.sadd(env.keys.key('link', 'sources'), 'znuny', 'rt');
    await env.redis.sadd(env.keys.key('link', 'tickets', 'znuny'), '17', '18');
    await env.redis.sadd(env.keys.key('link', 'tickets', 'rt'), '5');
    expect(await removeUnreadLinkSets(env.redis, env.keys)).toBe(3);
    expect((await env.redis.keys(`${env.keys.prefix}*`)).sort()).toEqual([
      env.keys.key('link', 'erp-ticket', 'b3'),
      env.keys.key('link', 't', 'znuny', '17'),
    ]);
    expect(await store.getTicketLinkByErpId(501)).toEqual(link('17', 501));
    expect(await removeUnreadLinkSets(env.redis, env.keys)).toBe(0);
  });

  it('links articles and ERP messages both ways', async () => {
    const key = { helpdeskId: 'znuny', ticketId: '17' };
    expect((await store.getArticleLinks(key)).get('a1') ?? null).toBeNull();
    await store.saveArticleLink(key, 'a1', 0);
    expect((await store.getArticleLinks(key)).get('a1') ?? null).toBe(0);
    await store.saveArticleLink(key, 'a1', 3141);
    expect((await store.getArticleLinks(key)).get('a1') ?? null).toBe(3141);
    expect((await store.getArticleLinks({ helpdeskId: 'znuny', ticketId: '18' })).size).toBe(0);

    expect(await store.getErpMessageLink(key, 3141)).toEqual({ key, articleId: 'a1' });
    await store.saveErpMessageLink(key, 3142);
    expect(await store.getErpMessageLink(key, 3142)).toEqual({ key });
    expect(await store.getErpMessageLink(key, 3143)).toBeNull();
    expect(await store.getErpMessageLink({ helpdeskId: 'znuny', ticketId: '18' }, 3142)).toBeNull();
    // A message linked without an article and adopted by one later (the article's retry found it posted).
    await store.saveArticleLink(key, 'a2', 3142);
    expect(await store.getErpMessageLink(key, 3142)).toEqual({ key, articleId: 'a2' });
    // A link to no ERP message (the article was the ticket's body) links no message 0.
    await store.saveArticleLink(key, 'a3', 0);
    await store.saveErpMessageLink(key, 3144);
    expect(await store.getErpMessageLink(key, 3144)).toEqual({ key });
    // All of the ticket's articles at once; the ticket link, its state and messages without an article are not articles.
    await store.saveTicketLink({ ...key, helpdeskNumber: '17', erpId: 77, erpRef: 'TS-77', trackId: trackIdFor(key) });
    expect(await store.getArticleLinks(key)).toEqual(
      new Map([
        ['a1', 3141],
        ['a2', 3142],
        ['a3', 0],
      ]),
    );
  });

  it('keeps ERP message links in the ticket hash, one empty field per message without an article, none in shared buckets', async () => {
    const key = { helpdeskId: 'webhook', ticketId: 'T-9' };
    await store.saveTicketLink({ ...key, helpdeskNumber: 'T-9', erpId: 130, erpRef: 'HD-T-9', trackId: trackIdFor(key) });
    await store.saveArticleLink(key, 'T-9-a1', 200);
    await store.saveErpMessageLink(key, 201);
    await store.saveErpMessageLink(key, 202);
    const hash = env.keys.key('link', 't', 'webhook', 'T-9');
    expect(await env.redis.hgetall(hash)).toEqual({ t: '[130,"HD-T-9"]', 'aT-9-a1': '200', m201: '', m202: '' });
    expect(await env.redis.object('ENCODING', hash)).toBe('listpack');
    expect(await env.redis.keys(`${env.keys.prefix}link:erp-message*`)).toEqual([]);
    expect(await store.getErpMessageLink(key, 200)).toEqual({ key, articleId: 'T-9-a1' });
    expect(await store.getErpMessageLink(key, 202)).toEqual({ key });
  });

  it('reads ERP message links earlier versions kept in shared buckets', async () => {
    const key = { helpdeskId: 'znuny', ticketId: '17' };
    await env.redis.hset(env.keys.key('link', 'erp-message', 'b54'), { '7001': '["znuny","17","3"]', '7002': '["znuny","17"]' });
    expect(await store.getErpMessageLink(key, 7001)).toEqual({ key, articleId: '3' });
    expect(await store.getErpMessageLink(key, 7002)).toEqual({ key });
    expect(await store.getErpMessageLink(key, 7003)).toBeNull();
  });

  it('keeps a ticket link, its article links and its mirrored state in one small hash per ticket', async () => {
    const key = { helpdeskId: 'webhook', ticketId: 'T-9' };
    const state = new RedisHelpdeskStateMemory(env.redis, env.keys);
    await store.saveTicketLink({ ...key, helpdeskNumber: 'T-9', erpId: 130, erpRef: 'HD-T-9', trackId: trackIdFor(key) });
    for (const [i, articleId] of ['T-9-a1', 'T-9-a2', 'T-9-a3'].entries()) await store.saveArticleLink(key, articleId, 200 + i);
    await state.setMirrored(key, 'open');
    const hash = env.keys.key('link', 't', 'webhook', 'T-9');
    expect(await env.redis.keys(`${env.keys.prefix}link:t:*`)).toEqual([hash]);
    expect(await env.redis.hgetall(hash)).toEqual({ t: '[130,"HD-T-9"]', 'aT-9-a1': '200', 'aT-9-a2': '201', 'aT-9-a3': '202', s: 'open' });
    expect(await env.redis.keys(`${env.keys.prefix}hd-state:*`)).toEqual([]);
    expect(Number(await env.redis.call('MEMORY', 'USAGE', hash))).toBeLessThan(250);
    expect(await env.redis.ttl(hash)).toBe(-1);
    expect((await store.getArticleLinks(key)).get('T-9-a2') ?? null).toBe(201);
    expect(await state.getMirrored(key)).toBe('open');
    await store.deleteTicketLink(key);
    expect(await store.getTicketLink(key)).toBeNull();
    expect((await store.getArticleLinks(key)).get('T-9-a2') ?? null).toBe(201);
  });

  it('reads the ticket link, article links and mirrored state earlier versions kept in keys of their own, and moves what it writes', async () => {
    const key = { helpdeskId: 'znuny', ticketId: '17' };
    const state = new RedisHelpdeskStateMemory(env.redis, env.keys);
    await env.redis.set(env.keys.key('link', 'ticket', 'znuny', '17'), '[501,"HD-202617","202617","trk501"]');
    await env.redis.hset(env.keys.key('link', 'article', 'znuny', '17'), { a1: '7001', a2: '7002' });
    await env.redis.set(env.keys.key('hd-state', 'mirrored', 'znuny', '17'), 'pending');
    expect(await store.getTicketLink(key)).toEqual(link('17', 501));
    expect((await store.getArticleLinks(key)).get('a1') ?? null).toBe(7001);
    expect(await state.getMirrored(key)).toBe('pending');

    await store.saveTicketLink(link('17', 502));
    await store.saveArticleLink(key, 'a1', 7011);
    await state.setMirrored(key, 'open');
    expect(await store.getTicketLink(key)).toEqual(link('17', 502));
    expect((await store.getArticleLinks(key)).get('a1') ?? null).toBe(7011);
    expect((await store.getArticleLinks(key)).get('a2') ?? null).toBe(7002);
    expect(await state.getMirrored(key)).toBe('open');
    expect(await env.redis.exists(env.keys.key('link', 'ticket', 'znuny', '17'), env.keys.key('hd-state', 'mirrored', 'znuny', '17'))).toBe(0);
    await store.deleteTicketLink(key);
    expect(await store.getTicketLink(key)).toBeNull();
  });

  it('keeps time entry links per ticket, updating and deleting by entry id', async () => {
    const key = { helpdeskId: 'znuny', ticketId: '17' };
    const e1 = { entryId: 'art-1', interventionId: 40, lineId: 400, seconds: 1800, startMs: 1_700_000_000_000 };
    const e2 = { entryId: 'art-2', interventionId: 40, lineId: 401, seconds: 600, startMs: 1_700_000_600_000 };
    await store.saveTimeEntryLink(key, e1);
    await store.saveTimeEntryLink(key, e2);
    await store.saveTimeEntryLink(key, { ...e1, seconds: 2400 });
    const sorted = (await store.getTimeEntryLinks(key)).sort((a, b) => a.entryId.localeCompare(b.entryId));
    expect(sorted).toEqual([{ ...e1, seconds: 2400 }, e2]);

    await store.deleteTimeEntryLink(key, 'art-1');
    expect(await store.getTimeEntryLinks(key)).toEqual([e2]);
    expect(await store.getTimeEntryLinks({ helpdeskId: 'znuny', ticketId: '99' })).toEqual([]);
  });

  it('links quotes per request and finds the ticket of a proposal', async () => {
    const key = { helpdeskId: 'znuny', ticketId: '17' };
    expect(await store.getQuoteLink(key, 'req-1')).toBeNull();
    await store.saveQuoteLink(key, { proposalId: 12, proposalRef: 'PR2601-0012', requestId: 'req-1' });
    expect(await store.getQuoteLink(key, 'req-1')).toEqual({ proposalId: 12, proposalRef: 'PR2601-0012', requestId: 'req-1' });
    expect(await store.getQuoteLink(key, 'req-2')).toBeNull();
    expect(await store.getTicketByProposal(12)).toEqual(key);
    expect(await store.getTicketByProposal(13)).toBeNull();
  });

  it('writes only under its key prefix', async () => {
    await store.saveTicketLink(link('17', 501));
    await store.saveQuoteLink({ helpdeskId: 'znuny', ticketId: '17' }, { proposalId: 1, requestId: 'r' });
    const keys = await env.redis.keys(`${env.keys.prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.startsWith(`${env.keys.prefix}link:`)).toBe(true);
  });
});
