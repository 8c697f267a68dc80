import { deliverFieldsTogether, type DeliveryResult, type OutboundUpdate } from '../../../src/plugin-sdk';

const at = new Date('2026-12-06T09:00:00Z');
const fieldsOnly = (eventId: string, fields: OutboundUpdate['fields']): OutboundUpdate => ({
  eventId,
  type: 'erp.ticket_linked',
  ticketId: '17',
  occurredAt: at,
  data: {},
  fields,
});

function recording() {
  const written: OutboundUpdate[] = [];
  const deliver = async (u: OutboundUpdate): Promise<DeliveryResult> => {
    written.push(u);
    return u.note ? { createdArticleIds: [`article-${written.length}`] } : {};
  };
  return { written, deliver };
}

describe('deliverFieldsTogether', () => {
  it('writes updates that only set fields, one after another, as one, a later value winning', async () => {
    const { written, deliver } = recording();
    await deliverFieldsTogether(
      [fieldsOnly('a', { erpRef: 'TS-1' }), fieldsOnly('b', { contract: 'CT-1' }), fieldsOnly('c', { contract: 'CT-2' })],
      deliver,
    );
    expect(written).toEqual([expect.objectContaining({ eventId: 'a', fields: { erpRef: 'TS-1', contract: 'CT-2' } })]);
  });

  it('writes an update with a note, a state, a reminder or a move on its own, keeping the order', async () => {
    const { written, deliver } = recording();
    const result = await deliverFieldsTogether(
      [
        fieldsOnly('a', { erpRef: 'TS-1' }),
        { ...fieldsOnly('n', { contract: 'CT-1' }), type: 'contract.resolved', note: 'Hours used up' },
        fieldsOnly('b', { duration: '1 h' }),
        { ...fieldsOnly('s', undefined), type: 'erp.status_changed', state: 'closed' },
        { ...fieldsOnly('r', undefined), type: 'dev_issue.overdue', remindAt: at },
        { ...fieldsOnly('m', undefined), type: 'ticket.escalated', move: { queue: 'Level 2' } },
        fieldsOnly('c', { quote: 'PR-1' }),
        fieldsOnly('d', { erpRef: 'TS-1' }),
      ],
      deliver,
    );
    expect(written.map((u) => u.eventId)).toEqual(['a', 'n', 'b', 's', 'r', 'm', 'c']);
    expect(written[6].fields).toEqual({ quote: 'PR-1', erpRef: 'TS-1' });
    expect(result).toEqual({ createdArticleIds: ['article-2'] });
  });

  it('writes nothing for no update, and stops at the first failure', async () => {
    const { written, deliver } = recording();
    await expect(deliverFieldsTogether([], deliver)).resolves.toEqual({});
    expect(written).toEqual([]);
    const failing = async (u: OutboundUpdate) => {
      if (u.note) throw new Error('helpdesk down');
      return deliver(u);
    };
    await expect(
      deliverFieldsTogether(
        [fieldsOnly('a', { erpRef: 'TS-1' }), { ...fieldsOnly('n', undefined), note: 'x' }, fieldsOnly('b', { quote: 'PR-1' })],
        failing,
      ),
    ).rejects.toThrow('helpdesk down');
    expect(written.map((u) => u.eventId)).toEqual(['a']);
  });
});
