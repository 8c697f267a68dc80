import { rulesConfigSchema } from '../../../../src/config/rules-schema';
import type { TimeEntry } from '../../../../src/plugin-sdk';
import type { StateCategory } from '../../../../src/plugin-sdk';
import { createTemplateRenderer } from '../../../../src/sync/templates';
import { planInterventionSync } from '../../../../src/sync/rules/intervention-plan';
import { applyInterventionPlan } from '../../../../src/sync/mirror/apply-intervention-plan';
import type { InterventionAction } from '../../../../src/sync/rules/intervention-actions';
import { FakeDolibarr } from '../../../support/fakes/fake-dolibarr';
import { MemoryLinks } from '../../../support/fakes/rule-ports';

const key = { helpdeskId: 'znuny', ticketId: '4711' };
const render = createTemplateRenderer();
const entry = (id: string, start: string, seconds: number, note?: string): TimeEntry => ({ id, start: new Date(start), seconds, note });

/** What the helpdesk says of the close, and whether the bridge sees the ticket for the first time. */
interface Seen {
  closedAt?: Date;
  firstSight?: boolean;
}

function setup(interventions: Record<string, unknown> = {}, canDeleteLines = true) {
  const erp = new FakeDolibarr();
  const links = new MemoryLinks();
  // Closing validated interventions with the ticket has its own test; the others keep them validated.
  const config = rulesConfigSchema.parse({ interventions: { closeOn: [], ...interventions } });
  const plan = async (entries: TimeEntry[], state: StateCategory = 'open', seen: Seen = {}) =>
    planInterventionSync({
      ticketKey: key,
      ticket: { number: '2026032910000012', title: "Printer won't print", stateCategory: state, closedAt: seen.closedAt },
      firstSight: seen.firstSight,
      erp: { ticketId: 2, socid: 1, contractId: 1 },
      texts: {
        erpRef: 'HD-2026032910000012',
        helpdeskTicket: 'znuny #2026032910000012',
        requester: 'Marie Durand (marie@acme.example)',
        customer: { name: 'Marie Durand', email: 'marie@acme.example' },
        defaultCountry: 'FR',
      },
      timeEntries: entries,
      existingLinks: await links.getTimeEntryLinks(key),
      interventions: structuredClone(erp.interventions),
      config,
      canDeleteLines,
      render,
    });
  const sync = async (entries: TimeEntry[], state: StateCategory = 'open', seen: Seen = {}) => {
    const actions = await plan(entries, state, seen);
    const result = await applyInterventionPlan(actions, { ticketKey: key, erp, links });
    return { actions, result };
  };
  return { erp, links, plan, sync };
}

const types = (actions: InterventionAction[]) => actions.map((a) => a.type);

describe('planInterventionSync + applyInterventionPlan', () => {
  it('creates one draft intervention per ticket, one line per entry, and nothing more on a replay', async () => {
    const { erp, links, sync } = setup();
    const entries = [entry('a1', '2026-03-10T09:00:00Z', 5400, 'Replaced toner'), entry('a2', '2026-03-11T09:00:00Z', 900)];
    const first = await sync(entries);
    expect(types(first.actions)).toEqual(['create-intervention', 'add-line', 'add-line']);
    expect(erp.interventions).toHaveLength(1);
    const [iv] = erp.interventions;
    expect(iv).toMatchObject({
      status: 0,
      socid: 1,
      contractId: 1,
      linkedObjects: { ticket: [2] },
      extrafields: { tb_helpdesk_entry: 'znuny:4711#ticket' },
    });
    expect(iv.lines.map((l) => [l.description, l.durationSeconds])).toEqual([
      ['Replaced toner – 1 hour 30 minutes (ticket HD-2026032910000012, helpdesk znuny #2026032910000012)', 5400],
      ['Support work – 15 minutes (ticket HD-2026032910000012, helpdesk znuny #2026032910000012)', 900],
    ]);
    expect((await links.getTimeEntryLinks(key)).map((l) => l.lineId).sort()).toEqual(iv.lines.map((l) => l.id).sort());

    const again = await sync(entries);
    expect(again.actions).toEqual([]);
    expect(erp.interventions[0].lines).toHaveLength(2);
  });

  it('groups by local day across the March daylight-saving change in Europe/Paris', async () => {
    const { erp, sync } = setup({ grouping: 'ticket-day' });
    await sync([
      entry('m1', '2026-03-28T23:30:00Z', 600), // 00:30 on Sunday 29 March (UTC+1)
      entry('m2', '2026-03-29T21:30:00Z', 600), // 23:30 on 29 March (UTC+2 since 02:00)
      entry('m3', '2026-03-29T22:30:00Z', 600), // 00:30 on Monday 30 March
    ]);
    const days = erp.interventions.map((i) => [i.extrafields.tb_helpdesk_entry, i.lines.length]);
    expect(days).toEqual([
      ['znuny:4711#day:2026-03-29', 2],
      ['znuny:4711#day:2026-03-30', 1],
    ]);
  });

  it('groups by local day across the October daylight-saving change in Europe/Paris', async () => {
    const { erp, sync } = setup({ grouping: 'ticket-day' });
    await sync([
      entry('o1', '2026-10-24T22:30:00Z', 600), // 00:30 on Sunday 25 October (UTC+2)
      entry('o2', '2026-10-25T22:30:00Z', 600), // 23:30 on 25 October (UTC+1 since 03:00)
      entry('o3', '2026-10-25T23:30:00Z', 600), // 00:30 on 26 October
    ]);
    expect(erp.interventions.map((i) => [i.extrafields.tb_helpdesk_entry, i.lines.length])).toEqual([
      ['znuny:4711#day:2026-10-25', 2],
      ['znuny:4711#day:2026-10-26', 1],
    ]);
  });

  it('refuses zero, negative and absurd durations with a message naming the entry, and still records the valid ones', async () => {
    const { erp, sync } = setup({ maxEntrySeconds: 12 * 3600 });
    const { result } = await sync([
      entry('zero', '2026-03-10T09:00:00Z', 0),
      entry('neg', '2026-03-10T10:00:00Z', -600),
      entry('huge', '2026-03-10T11:00:00Z', 13 * 3600),
      entry('ok', '2026-03-10T12:00:00Z', 600),
    ]);
    expect(result.reports.map((r) => [r.reason, r.entryId])).toEqual([
      ['rejected', 'zero'],
      ['rejected', 'neg'],
      ['rejected', 'huge'],
    ]);
    expect(result.reports[0].message).toMatch(/Time entry zero.*must be positive, got 0 s/);
    expect(result.reports[1].message).toMatch(/Time entry neg.*got -600 s/);
    expect(result.reports[2].message).toMatch(/Time entry huge.*46800 s exceeds the maximum of 43200 s/);
    expect(erp.interventions[0].lines.map((l) => l.durationSeconds)).toEqual([600]);
  });

  it('replaces the line of an entry changed while its intervention is a draft', async () => {
    const { erp, links, sync } = setup();
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)]);
    const { actions } = await sync([entry('a1', '2026-03-10T09:00:00Z', 2700)]);
    expect(types(actions)).toEqual(['delete-line', 'add-line']);
    expect(erp.interventions[0].lines.map((l) => l.durationSeconds)).toEqual([2700]);
    expect(await links.getTimeEntryLinks(key)).toEqual([
      expect.objectContaining({ entryId: 'a1', seconds: 2700, lineId: erp.interventions[0].lines[0].id }),
    ]);
  });

  it('reports a changed draft line when the client cannot delete lines', async () => {
    const { erp, sync } = setup({}, false);
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)]);
    const { result } = await sync([entry('a1', '2026-03-10T09:00:00Z', 2700)]);
    expect(result.reports).toEqual([expect.objectContaining({ reason: 'draft-line-not-editable', entryId: 'a1' })]);
    expect(result.reports[0].message).toMatch(/cannot be changed through the Dolibarr API/);
    expect(erp.interventions[0].lines.map((l) => l.durationSeconds)).toEqual([1800]);
  });

  it('never silently drops a change to a validated intervention: it is reported and Dolibarr is left alone', async () => {
    const { erp, sync } = setup();
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800), entry('a2', '2026-03-10T10:00:00Z', 600)], 'closed');
    expect(erp.interventions[0].status).toBe(1);
    const writes = erp.writes.length;
    const { result } = await sync([entry('a1', '2026-03-10T09:00:00Z', 3600)], 'closed');
    expect(result.reports.map((r) => [r.reason, r.entryId])).toEqual([
      ['changed-after-validation', 'a1'],
      ['removed-after-validation', 'a2'],
    ]);
    expect(result.reports[0].message).toMatch(/Time entry a1 was changed \(30 min → 1 h\), but intervention FI2611-\d+ is already validated/);
    expect(result.reports[0].key).toBe('znuny:4711:a1:changed-after-validation:3600@1773133200000');
    expect(erp.writes).toHaveLength(writes);
  });

  it('deletes the line of an entry removed while its intervention is a draft', async () => {
    const { erp, links, sync } = setup();
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800), entry('a2', '2026-03-10T10:00:00Z', 600)]);
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)]);
    expect(erp.interventions[0].lines.map((l) => l.durationSeconds)).toEqual([1800]);
    expect((await links.getTimeEntryLinks(key)).map((l) => l.entryId)).toEqual(['a1']);
  });

  it('validates the drafts when the ticket reaches a configured category', async () => {
    const { erp, sync } = setup({ validateOn: ['closed'] });
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'resolved');
    expect(erp.interventions[0].status).toBe(0);
    const { result } = await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'closed');
    expect(result.validated).toEqual([erp.interventions[0].id]);
    expect(erp.interventions[0].status).toBe(1);
  });

  it('records time booked on a closed ticket on a new intervention, validates it and reports it', async () => {
    const { erp, sync } = setup();
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'closed');
    const { result } = await sync([entry('a1', '2026-03-10T09:00:00Z', 1800), entry('late', '2026-03-12T09:00:00Z', 900)], 'closed', {
      closedAt: new Date('2026-03-11T17:00:00Z'),
    });
    expect(erp.interventions).toHaveLength(2);
    expect(erp.interventions[1]).toMatchObject({ status: 1, lines: [expect.objectContaining({ durationSeconds: 900 })] });
    expect(result.reports).toEqual([expect.objectContaining({ reason: 'late-entry', entryId: 'late' })]);
    expect(result.reports[0].message).toMatch(/booked after the ticket was closed/);
  });

  it("calls time late only when booked after the helpdesk's close time, whatever order the bridge saw things in", async () => {
    const { sync } = setup();
    const closedAt = new Date('2026-03-12T10:00:00Z');
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'closed', { closedAt });
    // Booked at 09:00, before the 10:00 close, but first seen by the bridge after it: not late.
    const before = await sync(
      [entry('a1', '2026-03-10T09:00:00Z', 1800), { ...entry('b1', '2026-03-12T08:30:00Z', 600), bookedAt: new Date('2026-03-12T09:00:00Z') }],
      'closed',
      { closedAt },
    );
    expect(before.result.reports).toEqual([]);
    const after = await sync(
      [
        entry('a1', '2026-03-10T09:00:00Z', 1800),
        { ...entry('b1', '2026-03-12T08:30:00Z', 600), bookedAt: new Date('2026-03-12T09:00:00Z') },
        { ...entry('c1', '2026-03-12T08:00:00Z', 600), bookedAt: new Date('2026-03-12T11:00:00Z') },
      ],
      'closed',
      { closedAt },
    );
    expect(after.result.reports.map((r) => [r.reason, r.entryId])).toEqual([['late-entry', 'c1']]);
  });

  it('never calls time late on a ticket seen for the first time (a phone call closed at once, a backfill of history)', async () => {
    const { sync } = setup();
    const closedAt = new Date('2026-03-12T10:00:00Z');
    const { result } = await sync([{ ...entry('h1', '2026-03-12T11:00:00Z', 3600), bookedAt: new Date('2026-03-12T11:00:00Z') }], 'closed', {
      closedAt,
      firstSight: true,
    });
    expect(result.reports).toEqual([]);
  });

  it('never calls time late when the helpdesk does not give its close time', async () => {
    const { sync } = setup();
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'closed');
    const { result } = await sync([entry('a1', '2026-03-10T09:00:00Z', 1800), entry('x1', '2026-03-13T09:00:00Z', 900)], 'closed');
    expect(result.reports).toEqual([]);
  });

  it('adopts a line added by a run that crashed before saving its link, instead of adding it twice', async () => {
    const { erp, links, sync } = setup();
    const save = links.saveTimeEntryLink.bind(links);
    links.saveTimeEntryLink = async () => {
      throw new Error('redis down');
    };
    await expect(sync([entry('a1', '2026-03-10T09:00:00Z', 1800)])).rejects.toThrow('redis down');
    links.saveTimeEntryLink = save;
    const { actions } = await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)]);
    expect(types(actions)).toEqual(['adopt-line']);
    expect(erp.interventions[0].lines).toHaveLength(1);
    expect(await links.getTimeEntryLinks(key)).toHaveLength(1);
  });

  it('plans without touching anything', async () => {
    const { erp, plan } = setup();
    await plan([entry('a1', '2026-03-10T09:00:00Z', 1800)]);
    expect(erp.writes).toEqual([]);
  });

  it('names the ERP ticket, the helpdesk number, the requester and the author in the texts users read', async () => {
    const { erp, sync } = setup();
    await sync([{ ...entry('a1', '2026-03-10T09:00:00Z', 2700, 'Called back'), author: 'Agent Smith <smith@support.example>' }]);
    const [iv] = erp.interventions;
    expect(iv.description).toBe(
      "Support on ticket HD-2026032910000012 (helpdesk znuny #2026032910000012): Printer won't print – requested by Marie Durand (marie@acme.example)",
    );
    expect(iv.lines[0].description).toBe('Agent Smith: Called back – 45 minutes (ticket HD-2026032910000012, helpdesk znuny #2026032910000012)');
  });

  it('closes the validated interventions ("Done") when the ticket closes, where configured; resolving only validates', async () => {
    const { erp, sync } = setup({ closeOn: ['closed'] });
    await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'resolved');
    expect(erp.interventions[0].status).toBe(1);
    const { result } = await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'closed');
    expect(result.closed).toEqual([erp.interventions[0].id]);
    expect(erp.interventions[0].status).toBe(3);
    const again = await sync([entry('a1', '2026-03-10T09:00:00Z', 1800)], 'closed');
    expect(again.actions).toEqual([]);
  });
});
