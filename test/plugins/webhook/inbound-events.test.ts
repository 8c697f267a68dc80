import { InputError } from '../../../src/plugin-sdk';
import { article, envelope, makeAdapter, signedRequest, ticket, timeEntry } from './helpers';

function receive(body: unknown) {
  return makeAdapter().inbound!.receive(signedRequest(body)).events;
}

function issuesOf(body: unknown): string[] {
  try {
    receive(body);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues;
  }
  throw new Error('payload was accepted');
}

describe('webhook inbound events', () => {
  it('maps ticket.upserted to a snapshot whose helpdesk id is the one it was sent to, with dates parsed', () => {
    const [event] = receive({
      ...envelope(1),
      type: 'ticket.upserted',
      ticket: { ...ticket, helpdeskId: 'someone-else' },
      articles: [article],
      timeEntries: [timeEntry],
    });
    expect(event).toEqual({
      eventId: 'evt-1',
      type: 'ticket.upserted',
      snapshot: {
        ticket: { ...ticket, helpdeskId: 'acme-desk', createdAt: new Date('2024-05-01T08:00:00Z'), updatedAt: new Date('2024-05-01T07:30:00Z') },
        articles: [{ ...article, createdAt: new Date(article.createdAt), attachments: [] }],
        timeEntries: [{ ...timeEntry, start: new Date(timeEntry.start) }],
      },
    });
  });

  it('fills the model defaults for a minimal snapshot', () => {
    const { id, number, title, state, stateCategory, createdAt, updatedAt } = ticket;
    const minimal = { id, number, title, state, stateCategory, createdAt, updatedAt };
    const [event] = receive({ ...envelope(1), type: 'ticket.upserted', ticket: minimal });
    expect(event).toMatchObject({ snapshot: { ticket: { body: '', customer: {} }, articles: [], timeEntries: [] } });
  });

  it('maps article.added', () => {
    expect(receive({ ...envelope(2), type: 'article.added', ticketId: 'T-1001', article })).toEqual([
      {
        eventId: 'evt-2',
        type: 'article.added',
        ticketId: 'T-1001',
        article: { ...article, createdAt: new Date(article.createdAt), attachments: [] },
      },
    ]);
  });

  it.each(['time_entry.added', 'time_entry.changed'])('maps %s to time_entry.upserted', (type) => {
    expect(receive({ ...envelope(3), type, ticketId: 'T-1001', timeEntry })).toEqual([
      { eventId: 'evt-3', type: 'time_entry.upserted', ticketId: 'T-1001', entry: { ...timeEntry, start: new Date(timeEntry.start) } },
    ]);
  });

  it('maps time_entry.removed, ticket.merged and ticket.deleted', () => {
    expect(receive({ ...envelope(4), type: 'time_entry.removed', ticketId: 'T-1001', timeEntryId: 'TE-1' })).toEqual([
      { eventId: 'evt-4', type: 'time_entry.removed', ticketId: 'T-1001', entryId: 'TE-1' },
    ]);
    expect(receive({ ...envelope(5), type: 'ticket.merged', ticketId: 'T-1001', intoTicketId: 'T-999' })).toEqual([
      { eventId: 'evt-5', type: 'ticket.merged', ticketId: 'T-1001', intoId: 'T-999' },
    ]);
    expect(receive({ ...envelope(6), type: 'ticket.deleted', ticketId: 'T-1001' })).toEqual([
      { eventId: 'evt-6', type: 'ticket.deleted', ticketId: 'T-1001' },
    ]);
  });

  it('parses a batch in order', () => {
    const events = receive({
      events: [
        { ...envelope(1), type: 'ticket.upserted', ticket },
        { ...envelope(2), type: 'article.added', ticketId: 'T-1001', article },
        { ...envelope(3), type: 'ticket.deleted', ticketId: 'T-1001' },
      ],
    });
    expect(events.map((e) => [e.eventId, e.type])).toEqual([
      ['evt-1', 'ticket.upserted'],
      ['evt-2', 'article.added'],
      ['evt-3', 'ticket.deleted'],
    ]);
  });
});

describe('webhook inbound validation', () => {
  it('refuses a body that is not JSON, or empty', () => {
    expect(issuesOf('{"eventId": ')[0]).toMatch(/^\(body\): not valid JSON/);
    expect(issuesOf('')[0]).toMatch(/^\(body\): empty/);
  });

  it('lists every bad field of every event, with its path', () => {
    const issues = issuesOf({
      events: [
        { ...envelope(1), type: 'ticket.upserted', ticket: { ...ticket, createdAt: 'yesterday', stateCategory: 'burning' } },
        { eventId: 'evt-2', type: 'time_entry.added', ticketId: 'T-1', timeEntry: { ...timeEntry, seconds: -60 } },
        { ...envelope(3), type: 'ticket.exploded', ticketId: 'T-1' },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^events\.0\.ticket\.createdAt: Invalid date/),
        expect.stringMatching(/^events\.0\.ticket\.stateCategory: /),
        expect.stringMatching(/^events\.1\.occurredAt: Required/),
        'events.1.timeEntry.seconds: must not be negative',
        expect.stringMatching(/^events\.2\.type: Invalid discriminator value/),
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it('requires eventId and the fields of each type', () => {
    const issues = issuesOf({ occurredAt: '2024-05-01T09:59:00Z', type: 'article.added', ticketId: 'T-1' });
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(/^eventId: Required/), expect.stringMatching(/^article: Required/)]));
  });

  it('refuses time entries longer than a day, dates without zone and impossible days', () => {
    expect(issuesOf({ ...envelope(1), type: 'time_entry.changed', ticketId: 'T-1', timeEntry: { ...timeEntry, seconds: 86_401 } })).toEqual([
      'timeEntry.seconds: must be at most 86400 (24 hours)',
    ]);
    expect(issuesOf({ ...envelope(1), type: 'time_entry.changed', ticketId: 'T-1', timeEntry: { ...timeEntry, seconds: 1.5 } })[0]).toMatch(
      /^timeEntry\.seconds: /,
    );
    expect(issuesOf({ ...envelope(1), occurredAt: '2024-05-01 10:00', type: 'ticket.deleted', ticketId: 'T-1' })[0]).toMatch(
      /^occurredAt: Invalid date/,
    );
    expect(issuesOf({ ...envelope(1), occurredAt: '2024-02-30T10:00:00Z', type: 'ticket.deleted', ticketId: 'T-1' })[0]).toMatch(
      /^occurredAt: Invalid date/,
    );
    expect(issuesOf({ ...envelope(1), occurredAt: 1714557600, type: 'ticket.deleted', ticketId: 'T-1' })[0]).toMatch(/^occurredAt: Invalid date/);
  });

  it('refuses empty, oversized and bare-array batches, and duplicate event ids', () => {
    const del = (n: number) => ({ ...envelope(n), type: 'ticket.deleted', ticketId: `T-${n}` });
    expect(issuesOf({ events: [] })[0]).toMatch(/^events: /);
    expect(issuesOf({ events: Array.from({ length: 101 }, (_, i) => del(i)) })[0]).toMatch(/^events: .*100/);
    expect(receive({ events: Array.from({ length: 100 }, (_, i) => del(i)) })).toHaveLength(100);
    expect(issuesOf([del(1)])[0]).toMatch(/^\(root\): send a batch as \{ "events"/);
    expect(issuesOf({ events: [del(1), del(2), { ...del(3), eventId: 'evt-1' }] })).toEqual(['events.2.eventId: duplicate of events.0.eventId']);
  });

  it('refuses a ticket merged into itself', () => {
    expect(issuesOf({ ...envelope(1), type: 'ticket.merged', ticketId: 'T-1', intoTicketId: 'T-1' })).toEqual([
      'intoTicketId: a ticket cannot be merged into itself',
    ]);
  });

  it('maps escalate to a development-escalation request for the ticket', () => {
    expect(receive({ ...envelope(9), type: 'escalate', ticketId: 'T-1001' })).toEqual([
      { eventId: 'evt-9', type: 'ticket.dev_escalation_requested', ticketId: 'T-1001' },
    ]);
    expect(issuesOf({ ...envelope(9), type: 'escalate' })).toEqual(['ticketId: Required']);
  });

  it("carries the ticket's custom fields, bounded in name, value and number", () => {
    const customFields = { Component: 'PDF export', Version: '4.1.2' };
    const [event] = receive({ ...envelope(10), type: 'ticket.upserted', ticket: { ...ticket, customFields } });
    expect(event).toMatchObject({ snapshot: { ticket: { customFields } } });
    const tooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 'x']));
    expect(issuesOf({ ...envelope(10), type: 'ticket.upserted', ticket: { ...ticket, customFields: tooMany } })).toEqual([
      'ticket.customFields: at most 100 custom fields',
    ]);
    const issues = issuesOf({
      ...envelope(10),
      type: 'ticket.upserted',
      ticket: { ...ticket, customFields: { ' ': 'x', ['n'.repeat(256)]: 'x', ok: 'v'.repeat(10_001), num: 3 } },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ticket\.customFields.*a field name must not be empty/),
        expect.stringMatching(/^ticket\.customFields.*a field name must be at most 255 characters/),
        'ticket.customFields.ok: a field value must be at most 10000 characters',
        'ticket.customFields.num: Expected string, received number',
      ]),
    );
  });
});
