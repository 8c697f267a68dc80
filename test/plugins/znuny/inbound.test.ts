import { InputError, InboundAuthError } from '../../../src/plugin-sdk';
import { znunyInbound } from '../../../plugins/znuny/inbound';
import { settings } from './helpers';
import { invokerDelivery } from './recorded';

const auth = { header: 'x-ticketbridge-token', secret: 'the-shared-secret' };
const inbound = znunyInbound(settings(), auth.secret);

describe('Znuny invoker deliveries', () => {
  it('turns a recorded TicketCreate (numeric TicketID) into ticket.changed and answers {} at once', () => {
    const result = inbound.receive(invokerDelivery('outbound_001_TicketCreate_T2_ok', '2', auth));
    expect(result).toEqual({ events: [{ type: 'ticket.changed', ticketId: '2' }], response: { status: 200, body: {} } });
  });

  it('reports both tickets of a recorded TicketMerge', () => {
    const result = inbound.receive(invokerDelivery('outbound_045_TicketMerge_T5_ok', '5', auth));
    expect(result.events).toEqual([
      { type: 'ticket.changed', ticketId: '5' },
      { type: 'ticket.changed', ticketId: '2' },
    ]);
  });

  it('refuses a delivery without the header, or with another secret', () => {
    expect(() => inbound.receive(invokerDelivery('outbound_033_ArticleCreate_T2_A17_ok', '2'))).toThrow(InboundAuthError);
    expect(() => inbound.receive(invokerDelivery('outbound_033_ArticleCreate_T2_A17_ok', '2', { ...auth, secret: 'the-shared-secreT' }))).toThrow(
      InboundAuthError,
    );
  });

  it('refuses a body without a ticket id, naming the field', () => {
    const req = { headers: { [auth.header]: auth.secret }, rawBody: Buffer.from('{"Event":{"Event":"ArticleCreate"}}'), query: {} };
    expect(() => inbound.receive(req)).toThrow(InputError);
    expect(() => inbound.receive(req)).toThrow(/Event\.TicketID/);
  });
});
