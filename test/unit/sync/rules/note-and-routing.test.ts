import { keepsNote } from '../../../../src/sync/rules/note-policy';
import { bridgeHelpdeskOf, routeErpTicket, type ErpTicketFacts } from '../../../../src/sync/rules/erp-ticket-routing';

describe('which events become helpdesk notes', () => {
  it.each([
    ['customer.unresolved', true],
    ['customer.ambiguous', true],
    ['contract.none', true],
    ['erp.message_added', true],
    ['erp.status_changed', true],
    ['quote.signed', true],
    ['quote.refused', true],
    ['time_entry.rejected', true],
    ['sla.at_risk', true],
    ['sla.breached', true],
    ['ticket.escalated', true],
    ['erp.ticket_linked', false],
    ['duration.updated', false],
    ['intervention.created', false],
    ['intervention.validated', false],
    ['quote.created', false],
  ])('by default, %s → note %s', (type, noted) => {
    expect(keepsNote({ type, data: {} }, {})).toBe(noted);
  });

  it('notes a covering contract only once its hours are used up', () => {
    expect(keepsNote({ type: 'contract.resolved', data: { remainingHours: 3.5 } }, {})).toBe(false);
    expect(keepsNote({ type: 'contract.resolved', data: { remainingHours: 0 } }, {})).toBe(true);
    expect(keepsNote({ type: 'contract.resolved', data: { remainingHours: null } }, {})).toBe(false);
  });

  it('follows the configuration per event type, either way', () => {
    expect(keepsNote({ type: 'duration.updated', data: {} }, { 'duration.updated': true })).toBe(true);
    expect(keepsNote({ type: 'erp.status_changed', data: {} }, { 'erp.status_changed': false })).toBe(false);
  });
});

describe('which helpdesk takes a ticket opened in Dolibarr', () => {
  const ticket = (over: Partial<ErpTicketFacts> = {}): ErpTicketFacts => ({
    trackId: 'a1b2c3d4e5f6a7b8',
    typeCode: 'ISSUE',
    categoryCode: 'SUPPORT',
    socid: 1,
    origin: 'user',
    ...over,
  });

  it('takes none when no helpdesk sets erpTickets', () => {
    expect(routeErpTicket(ticket(), [{ id: 'znuny' }])).toEqual({ kind: 'none', reason: expect.stringContaining('erpTickets') });
  });

  it('takes every ticket for a helpdesk with an empty filter', () => {
    expect(routeErpTicket(ticket(), [{ id: 'znuny', filter: { types: [], categories: [], thirdParties: [], origins: [] } }])).toEqual({
      kind: 'helpdesk',
      id: 'znuny',
    });
  });

  it('matches every set criterion: type, category, third party and origin', () => {
    const filter = { types: ['ISSUE'], categories: [], thirdParties: [1, 2], origins: ['user' as const] };
    const helpdesks = [{ id: 'znuny', filter }];
    expect(routeErpTicket(ticket(), helpdesks).kind).toBe('helpdesk');
    expect(routeErpTicket(ticket({ typeCode: 'REQUEST' }), helpdesks).kind).toBe('none');
    expect(routeErpTicket(ticket({ socid: 7 }), helpdesks).kind).toBe('none');
    expect(routeErpTicket(ticket({ socid: null }), helpdesks).kind).toBe('none');
    expect(routeErpTicket(ticket({ origin: 'portal' }), helpdesks).kind).toBe('none');
  });

  it('gives the ticket to the first helpdesk that takes it', () => {
    const none = { types: ['NOPE'], categories: [], thirdParties: [], origins: [] };
    const all = { types: [], categories: [], thirdParties: [], origins: [] };
    expect(
      routeErpTicket(ticket(), [
        { id: 'a', filter: none },
        { id: 'b', filter: all },
        { id: 'c', filter: all },
      ]),
    ).toEqual({ kind: 'helpdesk', id: 'b' });
  });

  it('never takes a ticket another TicketBridge deployment made for its own helpdesk', () => {
    const all = { types: [], categories: [], thirdParties: [], origins: [] };
    expect(bridgeHelpdeskOf('tb_rt-paris_3132')).toBe('rt-paris');
    expect(bridgeHelpdeskOf('a1b2c3d4e5f6a7b8')).toBeNull();
    expect(routeErpTicket(ticket({ trackId: 'tb_rt-paris_3132' }), [{ id: 'znuny', filter: all }])).toEqual({
      kind: 'none',
      reason: expect.stringContaining('rt-paris'),
    });
  });
});
