import { fitSnapshot } from '../../../../src/sync/rules/snapshot-limits';
import { article, helpdeskTicket, snapshot } from '../../../support/fakes/helpdesk';

const long = (n: number, c = 'x') => c.repeat(n);

describe('fitSnapshot: a fetched ticket against the limits the bridge can write to Dolibarr', () => {
  it('leaves a ticket within the limits as it is, cutting nothing', () => {
    const s = snapshot(helpdeskTicket({ id: '7', customer: { email: 'a@b.example', name: 'Ann' } }), [article('a1', 'hello')]);
    const fit = fitSnapshot(s);
    expect(fit).toEqual({ kind: 'fits', snapshot: s, cut: [] });
  });

  it('cuts text shown to people with a marker, to exactly the limit, and says which fields', () => {
    const s = snapshot(
      helpdeskTicket({ id: '7', title: long(300), body: long(1_000_050), customer: { name: long(256) }, customFields: { Notes: long(10_001) } }),
      [article('a1', long(1_000_001), { author: long(400), attachments: [{ filename: `${long(300)}.pdf` }] })],
      [{ id: 't1', seconds: 60, start: new Date(0), note: long(10_500) }],
    );
    const fit = fitSnapshot(s);
    if (fit.kind !== 'fits') throw new Error(fit.fields.join('; '));
    expect(fit.cut).toEqual([
      'ticket.title',
      'ticket.body',
      'ticket.customer.name',
      'ticket.customFields.Notes',
      'articles.0.author',
      'articles.0.body',
      'articles.0.attachments.0.filename',
      'timeEntries.0.note',
    ]);
    const { ticket, articles, timeEntries } = fit.snapshot;
    expect(ticket.title).toHaveLength(255);
    expect(ticket.title.endsWith('…')).toBe(true);
    expect(ticket.body).toHaveLength(1_000_000);
    expect(ticket.body).toMatch(/\[… 50 characters cut by TicketBridge; the full text is in the helpdesk\]$/);
    expect(ticket.customFields!.Notes).toHaveLength(10_000);
    expect(articles[0]!.body).toMatch(/\[… 1 characters cut by TicketBridge/);
    expect(articles[0]!.attachments[0]!.filename).toHaveLength(255);
    expect(articles[0]!.attachments[0]!.filename.endsWith('….pdf')).toBe(true);
    expect(timeEntries[0]!.note).toHaveLength(10_000);
  });

  it('refuses what cannot be cut without naming something else, every field in the words of the webhook 400', () => {
    const s = snapshot(helpdeskTicket({ id: long(201), number: long(65), queue: long(256), customer: { email: `${long(320)}@x.example` } }), [
      article(long(201), 'hi'),
    ]);
    const fit = fitSnapshot(s);
    expect(fit).toEqual({
      kind: 'refused',
      fields: [
        'ticket.id: String must contain at most 200 character(s)',
        'ticket.number: String must contain at most 64 character(s)',
        'ticket.queue: String must contain at most 255 character(s)',
        'ticket.customer.email: String must contain at most 320 character(s)',
        'articles.0.id: String must contain at most 200 character(s)',
      ],
    });
  });
});
