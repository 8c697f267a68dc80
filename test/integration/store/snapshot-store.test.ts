import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { InputError, type Article, type TicketSnapshot, type TimeEntry, type InboundEvent } from '../../../src/plugin-sdk';
import { RedisLinkStore, RedisSnapshotStore } from '../../../src/store';
import { ticketHashKey } from '../../../src/store/link-store';
import { redisEnv, type RedisEnv } from './redis-env';
import { commandsDuring } from './redis-monitor';
import { roundTripsDuring } from './round-trips';

const KEY = { helpdeskId: 'hook', ticketId: 'T-1' };

function snapshot(updatedAt: string, title: string, articles: Article[] = [], timeEntries: TimeEntry[] = []): TicketSnapshot {
  return {
    ticket: {
      helpdeskId: 'hook',
      id: 'T-1',
      number: '1001',
      title,
      body: 'printer on fire',
      state: 'open',
      stateCategory: 'open',
      customer: { email: 'ann@example.com' },
      createdAt: new Date('2026-02-01T08:00:00Z'),
      updatedAt: new Date(updatedAt),
    },
    articles,
    timeEntries,
  };
}
const article = (id: string, at: string, body = `body ${id}`): Article => ({ id, body, internal: false, createdAt: new Date(at), attachments: [] });
const entry = (id: string, seconds: number): TimeEntry => ({ id, seconds, start: new Date('2026-02-01T09:00:00Z') });
const upsert = (s: TicketSnapshot): InboundEvent => ({ type: 'ticket.upserted', snapshot: s });

describe('RedisSnapshotStore', () => {
  let env: RedisEnv;
  let store: RedisSnapshotStore;
  beforeEach(() => {
    env = redisEnv('snap');
    store = new RedisSnapshotStore(env.redis, env.keys);
  });
  afterEach(() => env.cleanup());

  it('returns null for a ticket never pushed, and the pushed snapshot with real dates after an upsert', async () => {
    expect(await store.get(KEY)).toBeNull();
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1', [article('a1', '2026-02-01T08:00:00Z')])));
    const got = await store.get(KEY);
    expect(got?.snapshot?.ticket.title).toBe('v1');
    expect(got?.snapshot?.ticket.updatedAt).toEqual(new Date('2026-02-01T10:00:00Z'));
    expect(got?.snapshot?.articles.map((a) => a.id)).toEqual(['a1']);
    expect(got?.deleted).toBeUndefined();
  });

  it('ignores an older snapshot arriving late but keeps the articles only it carries', async () => {
    await store.apply('hook', upsert(snapshot('2026-02-01T10:05:00Z', 'newer', [article('a1', '2026-02-01T08:00:00Z', 'edited')])));
    await store.apply(
      'hook',
      upsert(snapshot('2026-02-01T10:00:00Z', 'older', [article('a1', '2026-02-01T08:00:00Z', 'original'), article('a0', '2026-02-01T07:00:00Z')])),
    );
    const s = (await store.get(KEY))!.snapshot!;
    expect(s.ticket.title).toBe('newer');
    expect(s.articles.map((a) => [a.id, a.body])).toEqual([
      ['a0', 'body a0'],
      ['a1', 'edited'],
    ]);
  });

  it('a snapshot with the same updatedAt replaces the stored ticket (several changes within one second)', async () => {
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'first')));
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'second')));
    expect((await store.get(KEY))!.snapshot!.ticket.title).toBe('second');
  });

  it('adds an article once however often it is delivered, in creation order', async () => {
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1')));
    const late = article('a2', '2026-02-01T09:30:00Z');
    const early = article('a1', '2026-02-01T09:00:00Z');
    for (const a of [late, early, late, late]) await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: a });
    expect((await store.get(KEY))!.snapshot!.articles.map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it('keeps articles and time entries that arrive before the ticket, and shows them with it', async () => {
    await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a1', '2026-02-01T09:00:00Z') });
    await store.apply('hook', { type: 'time_entry.upserted', ticketId: 'T-1', entry: entry('w1', 600) });
    expect(await store.get(KEY)).toBeNull();
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1')));
    const s = (await store.get(KEY))!.snapshot!;
    expect(s.articles.map((a) => a.id)).toEqual(['a1']);
    expect(s.timeEntries).toEqual([entry('w1', 600)]);
  });

  it('upserts and removes time entries by id', async () => {
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1', [], [entry('w1', 600), entry('w2', 300)])));
    await store.apply('hook', { type: 'time_entry.upserted', ticketId: 'T-1', entry: entry('w1', 900) });
    await store.apply('hook', { type: 'time_entry.upserted', ticketId: 'T-1', entry: entry('w3', 60) });
    await store.apply('hook', { type: 'time_entry.removed', ticketId: 'T-1', entryId: 'w2' });
    await store.apply('hook', { type: 'time_entry.removed', ticketId: 'T-1', entryId: 'w2' });
    const entries = (await store.get(KEY))!.snapshot!.timeEntries;
    expect(entries.map((e) => [e.id, e.seconds]).sort()).toEqual([
      ['w1', 900],
      ['w3', 60],
    ]);
  });

  it('records merges and deletions, and an older snapshot afterwards does not undo them', async () => {
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1')));
    await store.apply('hook', { type: 'ticket.merged', ticketId: 'T-1', intoId: 'T-9' });
    await store.apply('hook', { type: 'ticket.deleted', ticketId: 'T-1' });
    await store.apply('hook', upsert(snapshot('2026-02-01T09:00:00Z', 'old')));
    const got = (await store.get(KEY))!;
    expect(got.mergedInto).toBe('T-9');
    expect(got.deleted).toBe(true);
    expect(got.snapshot?.ticket.title).toBe('v1');
  });

  it('a deletion of a ticket never pushed is still recorded', async () => {
    await store.apply('hook', { type: 'ticket.deleted', ticketId: 'T-1' });
    expect(await store.get(KEY)).toEqual({ deleted: true });
  });

  it('ticket.changed stores nothing', async () => {
    await store.apply('hook', { type: 'ticket.changed', ticketId: 'T-1' });
    expect(await env.redis.keys(`${env.keys.prefix}*`)).toEqual([]);
  });

  it('rejects a snapshot whose source is another helpdesk, changing nothing', async () => {
    const s = snapshot('2026-02-01T10:00:00Z', 'v1');
    await expect(store.apply('other', upsert(s))).rejects.toBeInstanceOf(InputError);
    expect(await store.get({ helpdeskId: 'other', ticketId: 'T-1' })).toBeNull();
  });

  it('loses no event when many are applied to one ticket at once', async () => {
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1')));
    const events: InboundEvent[] = Array.from({ length: 40 }, (_, i) => ({
      type: 'article.added',
      ticketId: 'T-1',
      article: article(`a${String(i).padStart(2, '0')}`, `2026-02-01T11:00:${String(i).padStart(2, '0')}Z`),
    }));
    events.push(upsert(snapshot('2026-02-01T12:00:00Z', 'latest')), upsert(snapshot('2026-02-01T10:30:00Z', 'stale')));
    // Separate connections so the writes really interleave.
    const stores = Array.from({ length: 6 }, () => new RedisSnapshotStore(env.connection(false), env.keys));
    await Promise.all(events.map((e, i) => stores[i % stores.length]!.apply('hook', e)));
    const s = (await store.get(KEY))!.snapshot!;
    expect(s.articles).toHaveLength(40);
    expect(s.ticket.title).toBe('latest');
  });

  it('merges into what another instance wrote in between, though this one remembers its own last write', async () => {
    const other = new RedisSnapshotStore(env.redis, env.keys);
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1', [article('a1', '2026-02-01T08:00:00Z')])));
    await other.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a2', '2026-02-01T08:10:00Z') });
    await other.apply('hook', { type: 'time_entry.upserted', ticketId: 'T-1', entry: entry('w1', 600) });
    await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a3', '2026-02-01T08:20:00Z') });
    // Unknown to this instance's memory: removing it must read what the other one wrote.
    await store.apply('hook', { type: 'time_entry.removed', ticketId: 'T-1', entryId: 'w1' });
    const s = (await other.get(KEY))!.snapshot!;
    expect(s.articles.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    expect(s.timeEntries).toEqual([]);
  });

  it("never reads a new ticket's state: its events, one after the other in one instance, are one compare-and-set each", async () => {
    const key = ticketHashKey(env.keys, KEY);
    const seen = await commandsDuring(env.connection(false), env.redis, async () => {
      await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1')));
      for (const id of ['a1', 'a2', 'a3'])
        await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article(id, '2026-02-01T08:00:00Z') });
    });
    const scripts = seen.filter((c) => /^evalsha$/i.test(c.args[0]) && c.args[3] === key).map((c) => c.args[1]);
    // Four compare-and-set writes, the first on "nothing stored": one script, four calls, and no read.
    expect(scripts).toHaveLength(4);
    expect(new Set(scripts).size).toBe(1);
  });

  it('merges an event into a state it did not write in two round trips: the write that does not land answers what is stored', async () => {
    const other = new RedisSnapshotStore(env.redis, env.keys);
    await other.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1', [article('a1', '2026-02-01T08:00:00Z')])));
    const trips = await roundTripsDuring(env.redis, () =>
      store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a2', '2026-02-01T08:10:00Z') }),
    );
    expect(trips).toBe(2);
    const s = (await other.get(KEY))!.snapshot!;
    expect(s.ticket.title).toBe('v1');
    expect(s.articles.map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it("keeps a ticket with three articles deflated in the ticket's compact hash, at about a third of its JSON", async () => {
    const articles = [1, 2, 3].map((n) => ({
      ...article(`a${n}`, `2026-02-01T08:0${n}:00Z`, `Message ${n}: the printer in room 4 is still on fire.`),
      author: 'Ann Example',
    }));
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'Printer on fire in room 4', articles)));
    const key = ticketHashKey(env.keys, KEY);
    expect(await env.redis.keys(`${env.keys.prefix}*`)).toEqual([key]);
    expect(await env.redis.call('OBJECT', 'ENCODING', key)).toBe('listpack');
    const json = JSON.stringify((await store.get(KEY))!.snapshot);
    const bytes = Number(await env.redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    // 809 bytes of JSON: 408 in Redis deflated plainly, 280 with the preset dictionary in a key of its own, 312 as the
    // only fields of a hash: the saving is the key the snapshot no longer needs once the ticket's links share the hash.
    expect(bytes).toBeLessThan(json.length * 0.4);
  });

  it('shares the ticket hash with the links: each reads its own fields, and a snapshot alone lists no link', async () => {
    const links = new RedisLinkStore(env.redis, env.keys);
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'v1', [article('a1', '2026-02-01T08:00:00Z')])));
    const listed = async () => {
      const found = [];
      for await (const link of links.listTicketLinks('hook')) found.push(link.erpRef);
      return found;
    };
    expect(await listed()).toEqual([]);
    await links.saveTicketLink({ ...KEY, helpdeskNumber: '1001', erpId: 7, erpRef: 'TS-7', trackId: 'track-7' });
    await links.saveArticleLink(KEY, 'a1', 70);
    await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a2', '2026-02-01T11:00:00Z') });
    expect(await listed()).toEqual(['TS-7']);
    expect(await links.getArticleLinks(KEY)).toEqual(new Map([['a1', 70]]));
    expect(await links.getErpMessageLink(KEY, 70)).toEqual({ key: KEY, articleId: 'a1' });
    expect((await store.get(KEY))!.snapshot!.articles.map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it('keeps a snapshot over 1 KiB deflated in a key of its own, and the ticket hash compact', async () => {
    const bulky = [1, 2, 3].map((n) => article(`a${n}`, `2026-02-01T08:0${n}:00Z`, randomBytes(400).toString('base64')));
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'small first')));
    const hash = ticketHashKey(env.keys, KEY);
    const own = env.keys.key('pushed', 'hook', 'T-1');
    expect(await env.redis.exists(own)).toBe(0);
    await store.apply('hook', upsert(snapshot('2026-02-01T10:01:00Z', 'bulky', bulky)));
    expect(await env.redis.strlen(own)).toBeGreaterThan(1024);
    expect(await env.redis.exists(hash)).toBe(0);
    await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a4', '2026-02-01T11:00:00Z') });
    const s = (await new RedisSnapshotStore(env.redis, env.keys).get(KEY))!.snapshot!;
    expect(s.ticket.title).toBe('bulky');
    expect(s.articles.map((a) => a.body)).toEqual([...bulky.map((a) => a.body), 'body a4']);
  });

  it("forgets the bodies of articles it is told of: a long one shrinks back into the ticket's hash, and nothing left to forget writes nothing", async () => {
    const bulky = [1, 2, 3].map((n) => article(`a${n}`, `2026-02-01T08:0${n}:00Z`, randomBytes(400).toString('base64')));
    await store.apply('hook', upsert(snapshot('2026-02-01T10:00:00Z', 'bulky', bulky)));
    const own = env.keys.key('pushed', 'hook', 'T-1');
    expect(await env.redis.exists(own)).toBe(1);
    await new RedisSnapshotStore(env.redis, env.keys).forgetBodies(KEY, ['a1', 'a2']);
    expect(await env.redis.exists(own)).toBe(0);
    const s = (await store.get(KEY))!.snapshot!;
    expect(s.articles.map((a) => a.body)).toEqual(['', '', bulky[2].body]);
    expect(s.articles.map((a) => a.createdAt)).toEqual(bulky.map((a) => a.createdAt));
    expect(s.ticket.title).toBe('bulky');
    const seen = await commandsDuring(env.connection(false), env.redis, () => store.forgetBodies(KEY, ['a1', 'a2', 'gone']));
    // MONITOR sees every client of the Redis the tests share: only this test's keys count.
    expect(seen.filter((c) => /^(hset|set|del)$/i.test(c.args[0]) && c.args[1].startsWith(env.keys.prefix))).toEqual([]);
  });

  it('reads a snapshot deflated without the dictionary, as the previous version wrote it, and merges the next event', async () => {
    const key = env.keys.key('pushed', 'hook', 'T-1');
    const state = { ...snapshot('2026-02-01T10:00:00Z', 'deflated before', [article('a1', '2026-02-01T08:00:00Z')]), timeEntries: [] };
    await env.redis.set(key, Buffer.concat([Buffer.from('5\n'), deflateRawSync(JSON.stringify(state))]));
    expect((await store.get(KEY))!.snapshot!.ticket.title).toBe('deflated before');
    await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a2', '2026-02-01T11:00:00Z') });
    expect((await store.get(KEY))!.snapshot!.articles.map((a) => a.id)).toEqual(['a1', 'a2']);
    // Now in the ticket's hash, the version carried on.
    expect(await env.redis.exists(key)).toBe(0);
    expect((await env.redis.hgetBuffer(ticketHashKey(env.keys, KEY), 'p0'))!.subarray(0, 2).toString()).toBe('6\n');
  });

  it('reads the hash earlier versions wrote (plain JSON, `source`), and merges the next event into it', async () => {
    const key = env.keys.key('pushed', 'hook', 'T-1');
    const old = JSON.parse(JSON.stringify(snapshot('2026-02-01T10:00:00Z', 'before the upgrade', [article('a1', '2026-02-01T08:00:00Z')]))) as {
      ticket: Record<string, unknown>;
    };
    const { helpdeskId, ...ticket } = old.ticket;
    await env.redis.hset(key, 'v', '3', 'state', JSON.stringify({ ...old, ticket: { ...ticket, source: helpdeskId } }));
    expect((await store.get(KEY))!.snapshot!.ticket).toMatchObject({ helpdeskId: 'hook', title: 'before the upgrade' });
    await store.apply('hook', { type: 'article.added', ticketId: 'T-1', article: article('a2', '2026-02-01T11:00:00Z') });
    const s = (await store.get(KEY))!.snapshot!;
    expect(s.articles.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(s.ticket.title).toBe('before the upgrade');
    expect(await env.redis.exists(key)).toBe(0);
    expect((await env.redis.hgetBuffer(ticketHashKey(env.keys, KEY), 'p0'))!.subarray(0, 2).toString()).toBe('4\n');
  });
});
