import {
  displayAddress,
  durationInWords,
  helpdeskTicketLabel,
  helpdeskTicketUrl,
  messageAuthor,
  messageTitle,
  parseMailbox,
  requesterText,
} from '../../../../src/sync/rules/erp-display';

describe('how bridge values read in Dolibarr', () => {
  it('fills the helpdesk link template with the number people use or the internal id, encoded', () => {
    const znuny = 'https://hd.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketNumber={number}';
    expect(helpdeskTicketUrl(znuny, { id: '3', number: '2026120410000012' })).toBe(
      'https://hd.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketNumber=2026120410000012',
    );
    expect(helpdeskTicketUrl('https://rt.example.com/Ticket/Display.html?id={id}', { id: '12 3', number: 'x' })).toBe(
      'https://rt.example.com/Ticket/Display.html?id=12%203',
    );
    expect(helpdeskTicketUrl(undefined, { id: '3', number: '4' })).toBeUndefined();
    expect(helpdeskTicketLabel('znuny', '2026120410000012')).toBe('znuny #2026120410000012');
  });

  it('shows a phone pseudo-address as the phone number, a real address as is', () => {
    expect(displayAddress('0123456789@logeas.fr', 'FR')).toBe('+33 1 23 45 67 89');
    expect(displayAddress('marie@acme.example', 'FR')).toBe('marie@acme.example');
  });

  it('writes the requester with name and address, or name and phone for a phone caller', () => {
    expect(requesterText({ name: 'Marie Durand', email: 'marie@acme.example' }, 'FR')).toBe('Marie Durand (marie@acme.example)');
    expect(requesterText({ name: 'Jean Martin', email: '0123456789@logeas.fr' }, 'FR')).toBe('Jean Martin, +33 1 23 45 67 89');
    expect(requesterText({ email: '0123456789@logeas.fr' }, 'FR')).toBe('+33 1 23 45 67 89');
    expect(requesterText({ phone: '01 23 45 67 89' }, 'FR')).toBe('+33 1 23 45 67 89');
    expect(requesterText({}, 'FR')).toBeUndefined();
  });

  it('reads From lines', () => {
    expect(parseMailbox('"Marie Durand" <marie@acme.example>')).toEqual({ name: 'Marie Durand', address: 'marie@acme.example' });
    expect(parseMailbox('agent.smith')).toEqual({ name: 'agent.smith' });
  });

  it('tells the customer from the support team and titles the message with the author', () => {
    const customer = { name: 'Marie Durand', email: 'marie@acme.example' };
    const fromCustomer = messageAuthor('Marie Durand <MARIE@acme.example>', customer, 'FR');
    expect(fromCustomer).toEqual({ name: 'Marie Durand', isCustomer: true, customerEmail: 'marie@acme.example' });
    expect(messageTitle(fromCustomer, false)).toBe('Marie Durand – customer message');
    const agent = messageAuthor('Agent Smith <smith@support.example>', customer, 'FR');
    expect(agent.isCustomer).toBe(false);
    expect(messageTitle(agent, true)).toBe('Agent Smith – internal note');
    expect(messageTitle(agent, false)).toBe('Agent Smith – reply');
    const caller = messageAuthor('0123456789@logeas.fr', { email: '0123456789@logeas.fr' }, 'FR');
    expect(caller).toEqual({ name: '+33 1 23 45 67 89', isCustomer: true, customerEmail: undefined });
    expect(messageAuthor(undefined, customer, 'FR').name).toBe('Support team');
  });

  it('says durations in words', () => {
    expect(durationInWords(5400)).toBe('1 hour 30 minutes');
    expect(durationInWords(2700)).toBe('45 minutes');
    expect(durationInWords(7200)).toBe('2 hours');
    expect(durationInWords(60)).toBe('1 minute');
  });
});
