import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTBOUND_EVENT_TYPES, stateCategorySchema } from '../../../src/plugin-sdk';
import { parseEvents } from '../../../plugins/webhook/inbound';
import { computeSignature } from '../../../plugins/webhook/signature';

/** The protocol document is what integrators code against; its examples must stay true to the code. */
const doc = readFileSync(join(__dirname, '../../../docs/webhook-protocol.md'), 'utf8');

function examples(kind: string): string[] {
  const re = new RegExp(`<!-- example: ${kind} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``, 'g');
  return [...doc.matchAll(re)].map((m) => m[1]);
}

describe('docs/webhook-protocol.md', () => {
  it('shows an inbound example the code accepts for every event type', () => {
    const parsed = examples('inbound').flatMap((json) => parseEvents(Buffer.from(json)));
    const types = new Set(parsed.map((e) => e.type));
    expect([...types].sort()).toEqual(
      [
        'article.added',
        'escalate',
        'ticket.deleted',
        'ticket.merged',
        'ticket.upserted',
        'time_entry.added',
        'time_entry.changed',
        'time_entry.removed',
      ].sort(),
    );
  });

  it('shows outbound examples with the envelope deliver() sends', () => {
    const outbound = examples('outbound').map((json) => JSON.parse(json) as Record<string, unknown>);
    expect(outbound.length).toBeGreaterThan(0);
    for (const event of outbound) {
      expect(
        Object.keys(event).filter(
          (k) =>
            ![
              'eventId',
              'type',
              'ticketId',
              'helpdeskId',
              'source',
              'occurredAt',
              'data',
              'note',
              'state',
              'fields',
              'move',
              'files',
              'reply',
              'remindAt',
            ].includes(k),
        ),
      ).toEqual([]);
      expect(OUTBOUND_EVENT_TYPES).toContain(event.type);
      expect(new Date(event.occurredAt as string).toISOString()).toBe(event.occurredAt);
      if (event.state !== undefined) expect(stateCategorySchema.safeParse(event.state).success).toBe(true);
      if (event.remindAt !== undefined) expect(new Date(event.remindAt as string).toISOString()).toBe(event.remindAt);
    }
  });

  it('gives a worked signature example that the code reproduces', () => {
    const body = '{"eventId":"hd-7f3a9c","occurredAt":"2024-05-01T10:00:00Z","type":"ticket.deleted","ticketId":"T-1001"}';
    const [headers] = examples('signature');
    expect(doc).toContain(`1714557600.${body}`);
    expect(headers).toBe(
      `X-TicketBridge-Timestamp: 1714557600\nX-TicketBridge-Signature: sha256=${computeSignature('example-secret-do-not-use', body, 1714557600)}`,
    );
  });
});
