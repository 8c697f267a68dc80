import { pollHelpdesk } from '../../../src/sync/mirror/poll-helpdesk';
import { pollErp } from '../../../src/sync/reflect/poll-erp';
import { InputError } from '../../../src/plugin-sdk';
import { makeEngine, NOW } from '../../support/fakes/engine';

describe('pollHelpdesk', () => {
  it('requests one mirror per changed ticket and saves the cursor after each page', async () => {
    const e = makeEngine({ caps: ['fetch', 'poll'] });
    e.helpdesk.pages.push(
      { ticketIds: ['1', '2'], cursor: 'c1', more: true },
      { ticketIds: ['2', '3'], events: [{ type: 'ticket.merged', ticketId: '4', intoId: '3' }], cursor: 'c2', more: false },
    );

    expect(await pollHelpdesk('znuny', e.deps)).toEqual({ tickets: 5, pages: 2 });

    expect(e.scheduler.mirrors.map((k) => k.ticketId)).toEqual(['1', '2', '2', '3', '4']);
    expect(e.scheduler.mirrors.every((k) => k.helpdeskId === 'znuny')).toBe(true);
    expect(e.pollCursors.writes).toEqual(['poll:helpdesk:znuny=c1', 'poll:helpdesk:znuny=c2']);
    expect(e.helpdesk.listCalls).toEqual([
      { cursor: null, since: NOW },
      { cursor: 'c1', since: NOW },
    ]);
  });

  it('keeps the pages already queued when a later page fails, and resumes from there', async () => {
    const e = makeEngine({ caps: ['fetch', 'poll'] });
    e.helpdesk.pages.push({ ticketIds: ['1'], cursor: 'c1', more: true });
    const list = e.deps.adapters.get('znuny')!.listChanges!;
    let calls = 0;
    e.deps.adapters.get('znuny')!.listChanges = async (cursor, since) => {
      if (++calls === 2) throw new Error('helpdesk 503');
      return list(cursor, since);
    };
    await expect(pollHelpdesk('znuny', e.deps)).rejects.toThrow('helpdesk 503');
    expect(e.pollCursors.values.get('poll:helpdesk:znuny')).toBe('c1');
    expect(e.scheduler.mirrors.map((k) => k.ticketId)).toEqual(['1']);

    e.helpdesk.pages.push({ ticketIds: ['2'], cursor: 'c2', more: false });
    await pollHelpdesk('znuny', e.deps);

    expect(e.helpdesk.listCalls.at(-1)?.cursor).toBe('c1');
    expect(e.scheduler.mirrors.map((k) => k.ticketId)).toEqual(['1', '2']);
  });

  it('does nothing for a helpdesk that cannot list changes, and refuses an unknown one', async () => {
    const e = makeEngine({ caps: ['fetch'] });
    expect(await pollHelpdesk('znuny', e.deps)).toEqual({ tickets: 0, pages: 0 });
    await expect(pollHelpdesk('nope', e.deps)).rejects.toBeInstanceOf(InputError);
  });
});

describe('pollErp', () => {
  it("starts from now on its first run: the bridge's own recent writes are not reported as ERP users' changes", async () => {
    const e = makeEngine();
    e.erp.clock = new Date(NOW.getTime() - 5 * 60_000);
    e.erp.seedTicket({ ref: 'A', trackId: 'a' });

    expect(await pollErp(e.deps)).toMatchObject({ tickets: 0 });

    expect(e.scheduler.reflects).toEqual([]);
    expect(e.pollCursors.values.get('poll:erp:tickets')).toBe(NOW.toISOString());
  });

  it('reflects the tickets modified since the cursor and moves it to the newest', async () => {
    const e = makeEngine();
    await e.pollCursors.set('poll:erp:tickets', new Date(NOW.getTime() - 10 * 60_000).toISOString());
    e.erp.clock = new Date(NOW.getTime() - 60 * 60_000);
    e.erp.seedTicket({ ref: 'OLD', trackId: 'old' });
    e.erp.clock = new Date(NOW.getTime() - 5 * 60_000);
    const a = e.erp.seedTicket({ ref: 'A', trackId: 'a' });
    const b = e.erp.seedTicket({ ref: 'B', trackId: 'b' });

    expect(await pollErp(e.deps)).toMatchObject({ tickets: 2 });

    expect(e.scheduler.reflects).toEqual([
      { kind: 'ticket', erpId: a.id },
      { kind: 'ticket', erpId: b.id },
    ]);
    expect(e.pollCursors.values.get('poll:erp:tickets')).toBe(b.modifiedAt!.toISOString());
  });

  it('continues from the cursor: tickets changed before it are not reflected again', async () => {
    const e = makeEngine();
    await e.pollCursors.set('poll:erp:tickets', new Date(NOW.getTime() - 6 * 60_000).toISOString());
    e.erp.clock = new Date(NOW.getTime() - 8 * 60_000);
    const old = e.erp.seedTicket({ ref: 'OLD', trackId: 'old' });
    e.erp.clock = new Date(NOW.getTime() - 5 * 60_000);
    const a = e.erp.seedTicket({ ref: 'A', trackId: 'a' });
    await pollErp(e.deps);
    e.scheduler.reflects.length = 0;
    const b = e.erp.seedTicket({ ref: 'B', trackId: 'b' });

    await pollErp(e.deps);

    const reflected = e.scheduler.reflects.map((r) => r.erpId);
    expect(reflected).toContain(b.id);
    expect(reflected).not.toContain(old.id);
    // A was modified at the cursor's instant: reflected again, which is harmless (ties are not missed).
    expect(reflected).toContain(a.id);
    expect(e.pollCursors.values.get('poll:erp:tickets')).toBe(b.modifiedAt!.toISOString());
  });

  it('reflects a proposal signed since the cursor (its PROPAL_CLOSE_SIGNED webhook may be lost); one older than the cursor is not', async () => {
    const e = makeEngine();
    await e.pollCursors.set('poll:erp:proposals', new Date(NOW.getTime() - 10 * 60_000).toISOString());
    const signedAt = new Date(NOW.getTime() - 2 * 60_000);
    e.erp.proposals.push({
      id: 7,
      ref: 'PR2611-0007',
      socid: 1,
      status: 2,
      totalHt: 240,
      dateSignature: signedAt,
      modifiedAt: signedAt,
      lines: [],
      linkedObjects: { ticket: [3] },
    });
    e.erp.proposals.push({
      id: 6,
      ref: 'PR2611-0006',
      socid: 1,
      status: 2,
      totalHt: 80,
      dateSignature: null,
      modifiedAt: new Date(NOW.getTime() - 60 * 60_000),
      lines: [],
      linkedObjects: {},
    });

    expect(await pollErp(e.deps)).toMatchObject({ proposals: 1 });
    expect(e.scheduler.reflects).toEqual([{ kind: 'proposal', erpId: 7 }]);
    expect(e.pollCursors.values.get('poll:erp:proposals')).toBe(signedAt.toISOString());
  });

  it('keeps the cursor where it was when nothing changed', async () => {
    const e = makeEngine();
    await e.pollCursors.set('poll:erp:tickets', '2026-11-20T11:00:00.000Z');
    expect(await pollErp(e.deps)).toMatchObject({ tickets: 0 });
    expect(e.pollCursors.values.get('poll:erp:tickets')).toBe('2026-11-20T11:00:00.000Z');
  });
});
