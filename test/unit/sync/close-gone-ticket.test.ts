import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { interventionsStep } from '../../../src/sync/mirror/interventions-step';
import { makeEngine } from '../../support/fakes/engine';
import { helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const source = { helpdeskId: 'znuny', ticketId: '17' };
const target = { helpdeskId: 'znuny', ticketId: '18' };

async function twoMirrored() {
  const e = makeEngine();
  e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017' })));
  e.helpdesk.put(snapshot(helpdeskTicket({ id: '18', number: '1018', title: 'Printer (merged)' })));
  await mirrorTicket(source, e.deps);
  await mirrorTicket(target, e.deps);
  const [erpSource, erpTarget] = e.erp.tickets;
  return { e, erpSource, erpTarget };
}

describe('mirrorTicket: merged and deleted helpdesk tickets', () => {
  it('closes the ERP ticket of a merged ticket with one private message naming the target, and mirrors the target', async () => {
    const { e, erpSource, erpTarget } = await twoMirrored();
    e.helpdesk.states.set('17', { kind: 'merged', into: '18' });
    e.scheduler.mirrors.length = 0;

    expect(await mirrorTicket(source, e.deps)).toBe('merged');

    expect(e.erp.tickets.find((t) => t.id === erpSource.id)?.status).toBe(9);
    expect(e.erp.tickets.find((t) => t.id === erpTarget.id)?.status).toBe(3);
    const notes = e.erp.messages.filter((m) => m.elementId === erpSource.id);
    expect(notes).toHaveLength(1);
    expect(notes[0].code).toBe('TICKET_MSG_PRIVATE');
    expect(notes[0].note).toContain('1018');
    expect(notes[0].note).toContain(erpTarget.ref);
    expect(e.scheduler.mirrors).toEqual([target]);
  });

  it('adds no second message and writes nothing when the merge is mirrored again', async () => {
    const { e } = await twoMirrored();
    e.helpdesk.states.set('17', { kind: 'merged', into: '18' });
    await mirrorTicket(source, e.deps);
    const writes = e.erp.writes.length;

    await mirrorTicket(source, e.deps);

    expect(e.erp.writes.slice(writes)).toEqual([]);
    expect(e.erp.messages).toHaveLength(1);
  });

  it('uses the status the mapping gives to "merged"', async () => {
    const e = makeEngine({
      mapping: { statusToErp: { new: 0, open: 3, waiting_customer: 5, pending: 7, resolved: 8, closed: 8, merged: 8, removed: 9 } },
    });
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17' })));
    await mirrorTicket(source, e.deps);
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory: 'merged', state: 'merged', mergedInto: '18' })));

    expect(await mirrorTicket(source, e.deps)).toBe('merged');
    expect(e.erp.tickets[0].status).toBe(8);
  });

  it('moves the time already turned into intervention lines to the target', async () => {
    const { e } = await twoMirrored();
    const line = { entryId: 'art-5', interventionId: 300, lineId: 301, seconds: 1800, startMs: Date.parse('2026-11-20T09:00:00Z') };
    await e.links.saveTimeEntryLink(source, line);
    e.helpdesk.states.set('17', { kind: 'merged', into: '18' });

    await mirrorTicket(source, e.deps);

    expect(await e.links.getTimeEntryLinks(target)).toEqual([line]);
  });

  it('closes the ERP ticket of a deleted ticket with one message, once', async () => {
    const { e, erpSource } = await twoMirrored();
    e.helpdesk.states.set('17', { kind: 'deleted' });

    expect(await mirrorTicket(source, e.deps)).toBe('deleted');
    expect(await mirrorTicket(source, e.deps)).toBe('deleted');

    const t = e.erp.tickets.find((x) => x.id === erpSource.id);
    expect(t?.status).toBe(9);
    const notes = e.erp.messages.filter((m) => m.elementId === erpSource.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ code: 'TICKET_MSG_PRIVATE', note: expect.stringContaining('1017') });
  });

  it('writes nothing for a ticket deleted before it was ever mirrored', async () => {
    const e = makeEngine({ caps: ['deliver'] });
    await e.snapshots.apply('znuny', { type: 'ticket.deleted', ticketId: '17' });
    expect(await mirrorTicket(source, e.deps)).toBe('deleted');
    expect(e.erp.writes).toEqual([]);
  });
});

describe('mirrorTicket: time booked before a merge', () => {
  it('is not booked a second time on the target, which now shows the same entry', async () => {
    const e = makeEngine();
    e.deps.steps = [interventionsStep];
    e.erp.addThirdParty({ id: 5, name: 'ACME', email: 'alice@acme.example' });
    const entry = { id: 'e1', seconds: 1800, start: new Date('2026-11-20T09:30:00Z') };
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', number: '1017' }), [], [entry]));
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '18', number: '1018' })));
    await mirrorTicket(source, e.deps);
    await mirrorTicket(target, e.deps);
    expect(e.erp.interventions.flatMap((i) => i.lines)).toHaveLength(1);

    e.helpdesk.states.set('17', { kind: 'merged', into: '18' });
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '18', number: '1018' }), [], [entry]));
    await mirrorTicket(source, e.deps);
    await mirrorTicket(target, e.deps);

    expect(e.erp.interventions.flatMap((i) => i.lines.map((l) => l.durationSeconds))).toEqual([1800]);
  });
});
