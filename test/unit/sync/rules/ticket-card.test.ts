import { ticketCardExtrafields, ticketCardUpdate, ticketMessageFor } from '../../../../src/sync/rules/ticket-card';

const ticket = { id: '3', number: '2026120410000012', customer: { name: 'Jean Martin', email: '0123456789@logeas.fr' } };
const at = new Date('2026-12-04T09:00:00Z');

describe('ticket card: where the ticket came from and who asked', () => {
  it('names the helpdesk ticket with its link, the requester as a phone number, the contact and the contract', () => {
    const values = ticketCardExtrafields({
      helpdeskId: 'znuny',
      ticket,
      ticketUrl: 'https://hd.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketNumber={number}',
      contactId: 4,
      contractId: 1,
      defaultCountry: 'FR',
    });
    expect(values).toEqual({
      tb_helpdesk_source: 'znuny',
      tb_helpdesk_id: '3',
      tb_helpdesk_ticket: 'znuny #2026120410000012',
      tb_helpdesk_url: 'https://hd.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketNumber=2026120410000012',
      tb_requester: 'Jean Martin, +33 1 23 45 67 89',
      tb_contact: 4,
      tb_contract: 1,
    });
    expect(ticketCardExtrafields({ helpdeskId: 'webhook', ticket, defaultCountry: 'FR' })).not.toHaveProperty('tb_helpdesk_url');
  });

  it('updates only what differs, and removes the origin e-mail that makes Dolibarr say "Created from Public portal"', () => {
    const desired = { tb_helpdesk_ticket: 'znuny #1', tb_contract: 1, tb_requester: 'Marie' };
    const erp = {
      extrafields: { options_tb_helpdesk_ticket: 'znuny #1', options_tb_contract: '2', options_tb_requester: 'Marie' },
      originEmail: 'marie@acme.example',
    };
    expect(ticketCardUpdate(erp, desired)).toEqual({ extrafields: { tb_contract: 1 }, originEmail: null });
    expect(
      ticketCardUpdate(
        { extrafields: { options_tb_helpdesk_ticket: 'znuny #1', options_tb_contract: '1', options_tb_requester: 'Marie' }, originEmail: null },
        desired,
      ),
    ).toEqual({});
  });
});

describe('ticket messages as users read them', () => {
  const base = { ticketId: 7, socid: 1, customer: { name: 'Marie Durand', email: 'marie@acme.example' }, text: 'Hello', defaultCountry: 'FR' };

  it("records the customer's message as Dolibarr records a portal message: no user, her address, her contact", () => {
    const m = ticketMessageFor({
      ...base,
      contactId: 4,
      article: { author: 'Marie Durand <marie@acme.example>', body: 'x', internal: false, createdAt: at },
    });
    expect(m).toEqual({
      ticketId: 7,
      socid: 1,
      label: 'Marie Durand – customer message',
      text: 'Hello',
      private: false,
      authorUserId: 0,
      emailFrom: 'marie@acme.example',
      contactId: 4,
      date: at,
    });
  });

  it("titles an agent's internal note with the agent's name, left to the bridge's own Dolibarr user", () => {
    const m = ticketMessageFor({ ...base, article: { author: 'Agent Smith <smith@support.example>', body: 'x', internal: true, createdAt: at } });
    expect(m).toMatchObject({ label: 'Agent Smith – internal note', private: true, emailFrom: undefined, contactId: undefined });
    expect(m).not.toHaveProperty('authorUserId');
  });

  it('shows a phone caller as the phone number', () => {
    const m = ticketMessageFor({
      ...base,
      customer: { email: '0123456789@logeas.fr' },
      article: { author: '0123456789@logeas.fr', body: 'x', internal: false, createdAt: at },
    });
    expect(m).toMatchObject({ label: '+33 1 23 45 67 89 – customer message', authorUserId: 0, emailFrom: '+33 1 23 45 67 89' });
  });
});
