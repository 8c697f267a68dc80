import { ticketGetSchema } from '../../../plugins/znuny/schemas';
import { toSnapshot } from '../../../plugins/znuny/ticket-mapper';
import { settings } from './helpers';
import { loadRecording } from './recorded';

interface Recorded {
  response: { body: unknown };
}
const ticketOf = (name: string) => ticketGetSchema.parse(loadRecording<Recorded>(name).response.body).Ticket[0];

describe('Znuny ticket mapping (recorded TicketGet answers)', () => {
  const ctx = { helpdeskId: 'znuny', settings: settings() };

  it('maps ids to strings, the state type to a category, and the customer from CustomerID and the first From', () => {
    const { ticket } = toSnapshot(ctx, ticketOf('03_ticketget_all_flags'));
    expect(ticket).toMatchObject({
      helpdeskId: 'znuny',
      id: '6',
      number: '2026112310000057',
      title: 'With dynamic fields',
      state: 'new',
      stateCategory: 'new',
      queue: 'Support',
      priority: '3 normal',
    });
    expect(ticket.customer).toEqual({ email: 'john.doe@acme.example', name: 'John Doe', company: 'ACME' });
    expect(ticket.owner).toEqual({ login: 'alice' });
    expect(ticket.createdAt.toISOString()).toBe('2026-11-23T08:39:40.000Z');
  });

  it('reads the dynamic fields that have a value as custom fields, a multiselect joined by ", "', () => {
    expect(toSnapshot(ctx, ticketOf('03_ticketget_all_flags')).ticket.customFields).toEqual({
      Category: 'hardware',
      DolibarrRef: 'PROJ-0042',
      DueDate: '2026-12-24 00:00:00',
      Tags: 'a, c',
    });
    expect(
      toSnapshot(ctx, { ...ticketOf('03_ticketget_all_flags'), DynamicField: [{ Name: 'Empty', Value: '' }] }).ticket.customFields,
    ).toBeUndefined();
  });

  it('turns each article with time into one time entry keyed by its ArticleID, scaled by the time unit', () => {
    const raw = ticketOf('03_ticketget_all_flags');
    expect(toSnapshot(ctx, raw).timeEntries).toEqual([
      { id: 'article:6', seconds: 90, start: new Date('2026-11-23T08:39:40Z'), note: 'Printer on fire' },
    ]);
    expect(toSnapshot({ ...ctx, settings: settings({ timeUnit: 'hours' }) }, raw).timeEntries[0].seconds).toBe(5400);
  });

  it("names no customer as the author of time an agent booked on the caller's article of a phone ticket", () => {
    const paris = { ...ctx, settings: settings({ timeZone: 'Europe/Paris' }) };
    const snap = toSnapshot(paris, ticketOf('12_ticketget_phone_ticket_from_agent_ui_with_time'));
    expect(snap.ticket.customer.email).toBe('marie.durand@acme.example');
    expect(snap.timeEntries).toEqual([
      { id: 'article:3', seconds: 1800, start: new Date('2026-12-05T01:26:53Z'), note: 'Scanner not detected' },
      { id: 'article:4', seconds: 3600, start: new Date('2026-12-05T01:26:53Z'), author: '"Admin OTRS" <root@localhost>', note: 'USB driver' },
    ]);
  });

  it("reads a real Znuny's text dynamic fields as custom fields, its unset ones (null) left out", () => {
    const { ticket } = toSnapshot(ctx, ticketOf('12_ticketget_after_reply_reminder_dynamicfields'));
    expect(ticket.customFields).toEqual({ DolibarrContract: 'CT-2fe1a2bb', DolibarrRef: 'IT-2fe1a2bb' });
  });

  it('keeps a pseudo phone address as the e-mail and puts its digits in phone', () => {
    const { ticket } = toSnapshot(ctx, ticketOf('03_ticketget_customer_pseudo_phone_address'));
    expect(ticket.customer).toEqual({ email: '0612345678@acme.example', phone: '0612345678' });
  });

  it('marks articles not visible to the customer as internal', () => {
    const raw = ticketOf('03_ticketget_all_flags');
    const hidden = { ...raw, Article: raw.Article.map((a) => ({ ...a, IsVisibleForCustomer: 0 })) };
    expect(toSnapshot(ctx, raw).articles[0].internal).toBe(false);
    expect(toSnapshot(ctx, hidden).articles[0].internal).toBe(true);
  });

  it('maps state types through the configured table', () => {
    const raw = { ...ticketOf('03_ticketget_all_flags'), State: 'pending reminder', StateType: 'pending reminder' };
    expect(toSnapshot(ctx, raw).ticket.stateCategory).toBe('pending');
    const custom = settings({ stateTypeToCategory: { 'pending reminder': 'waiting_customer' } });
    expect(toSnapshot({ ...ctx, settings: custom }, raw).ticket.stateCategory).toBe('waiting_customer');
  });
});
