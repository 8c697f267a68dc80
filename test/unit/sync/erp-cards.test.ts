import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { supportAccountResolver } from '../../../src/sync/mirror/support-account';
import { rulesConfigSchema } from '../../../src/config/rules-schema';
import { mappingSchema } from '../../../src/config/schema';
import type { DolibarrApi } from '../../../src/erp/dolibarr/api';
import { makeEngine, NOW } from '../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };

function engine() {
  const e = makeEngine();
  e.deps.ticketUrls = { znuny: 'https://hd.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketNumber={number}' };
  e.erp.addThirdParty({ id: 5, name: 'ACME', email: 'contact@acme.example' });
  e.erp.addContact({ id: 50, socid: 5, email: 'alice@acme.example' });
  return e;
}

describe('the ERP ticket as a Dolibarr user reads it', () => {
  it('a closed helpdesk ticket closes like a user close (closing date, 100 %, read date); reopening clears the close', async () => {
    const e = engine();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory: 'new' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0]).toMatchObject({ status: 0, closedAt: null, readAt: null });

    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory: 'closed' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0]).toMatchObject({ status: 8, closedAt: NOW, readAt: NOW, progress: 100 });

    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory: 'open' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0]).toMatchObject({ status: 3, closedAt: null, readAt: NOW, progress: 0 });
  });

  it('a ticket mirrored already closed is created with its closing date and 100 %', async () => {
    const e = engine();
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', stateCategory: 'closed' })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0]).toMatchObject({ status: 8, closedAt: NOW, readAt: NOW, progress: 100 });
    expect(e.erp.ticketWrites()).toEqual([expect.stringMatching(/^createTicket:/)]);
  });

  it('shows the helpdesk number with its link, the requester as a phone number, and no origin e-mail; an older ticket is corrected', async () => {
    const e = engine();
    e.erp.seedTicket({ ref: 'HD-202617', trackId: 'old', originEmail: '0123456789@logeas.fr', socid: 5, extrafields: {} });
    await e.links.saveTicketLink({ ...key, helpdeskNumber: '202617', erpId: e.erp.tickets[0].id, erpRef: 'HD-202617', trackId: 'old' });
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', customer: { email: '0123456789@logeas.fr', name: 'Jean Martin' } })));
    await mirrorTicket(key, e.deps);
    expect(e.erp.tickets[0].originEmail).toBeNull();
    expect(e.erp.tickets[0].extrafields).toMatchObject({
      tb_helpdesk_ticket: 'znuny #202617',
      tb_helpdesk_url: 'https://hd.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketNumber=202617',
      tb_requester: 'Jean Martin, +33 1 23 45 67 89',
    });
    const writes = e.erp.ticketWrites().length;
    await mirrorTicket(key, e.deps);
    expect(e.erp.ticketWrites()).toHaveLength(writes);
  });

  it('titles each message with its author, and records the customer as its author', async () => {
    const e = engine();
    e.helpdesk.put(
      snapshot(helpdeskTicket({ id: '17', customer: { email: 'alice@acme.example', name: 'Alice Martin' } }), [
        article('a1', 'It still smokes.', { author: 'Alice Martin <alice@acme.example>' }),
        article('a2', 'Calling the fire brigade.', { author: 'Agent Smith <smith@support.example>', internal: true }),
      ]),
    );
    await mirrorTicket(key, e.deps);
    expect(e.erp.messages.map((m) => [m.label, m.code, m.userOwnerId])).toEqual([
      ['Alice Martin – customer message', 'TICKET_MSG', 0],
      ['Agent Smith – internal note', 'TICKET_MSG_PRIVATE', 1],
    ]);
  });

  it("links a customer's messages to their Dolibarr contact, on the run that creates the ERP ticket as on later runs", async () => {
    const e = engine();
    // The support rules, which find the customer through their contact.
    e.deps.resolveAccount = supportAccountResolver({
      erp: e.erp as unknown as DolibarrApi,
      rules: rulesConfigSchema.parse({}),
      mapping: mappingSchema.parse({}),
    });
    const customer = { email: 'alice@acme.example', name: 'Alice Martin' };
    const first = [
      article('a1', 'It still smokes.', { author: 'Alice Martin <alice@acme.example>' }),
      article('a2', 'On our way.', { author: 'Agent Smith <smith@support.example>' }),
    ];
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17', customer }), first));
    await mirrorTicket(key, e.deps);
    e.helpdesk.put(
      snapshot(helpdeskTicket({ id: '17', customer }), [...first, article('a3', 'Thanks!', { author: 'Alice Martin <alice@acme.example>' })]),
    );
    await mirrorTicket(key, e.deps);
    // The agent's reply is the bridge's own; the customer's messages name the contact on both runs.
    expect(e.erp.messages.map((m) => e.erp.messageContacts.get(m.id))).toEqual([50, undefined, 50]);
  });
});
