import { InboundAuthError } from '../../../src/plugin-sdk';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../plugins/webhook/signature';
import { NOW_SECONDS, SECRET, envelope, makeAdapter, signedRequest } from './helpers';

const event = { ...envelope(1), type: 'ticket.deleted', ticketId: 'T-9' };

function receive(req: ReturnType<typeof signedRequest>) {
  return makeAdapter().inbound!.receive(req);
}

function authFailure(req: ReturnType<typeof signedRequest>): InboundAuthError {
  try {
    receive(req);
  } catch (err) {
    expect(err).toBeInstanceOf(InboundAuthError);
    expect((err as Error).message).not.toContain(SECRET);
    return err as InboundAuthError;
  }
  throw new Error('delivery was accepted');
}

describe('webhook inbound authentication', () => {
  it('accepts a correctly signed delivery', () => {
    expect(receive(signedRequest(event)).events).toEqual([{ eventId: 'evt-1', type: 'ticket.deleted', ticketId: 'T-9' }]);
  });

  it('refuses a signature made with another secret', () => {
    expect(authFailure(signedRequest(event, { secret: 'not-the-secret' })).message).toMatch(/signature does not match/);
  });

  it('refuses a body changed after signing', () => {
    const req = signedRequest(event);
    const tampered = { ...req, rawBody: Buffer.from(req.rawBody.toString().replace('T-9', 'T-8')) };
    expect(authFailure(tampered).message).toMatch(/signature does not match/);
  });

  it('names each missing header', () => {
    const req = signedRequest(event);
    const without = (name: string) => ({
      ...req,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== name.toLowerCase())),
    });
    expect(authFailure(without(TIMESTAMP_HEADER)).message).toBe(`missing ${TIMESTAMP_HEADER} header`);
    expect(authFailure(without(SIGNATURE_HEADER)).message).toBe(`missing ${SIGNATURE_HEADER} header`);
    expect(authFailure({ ...req, headers: {} }).message).toMatch(/missing/);
  });

  it('refuses stale and future timestamps beyond toleranceSeconds', () => {
    expect(authFailure(signedRequest(event, { timestamp: NOW_SECONDS - 301 })).message).toMatch(/old/);
    expect(authFailure(signedRequest(event, { timestamp: NOW_SECONDS + 301 })).message).toMatch(/future/);
  });

  it('honours a configured tolerance', () => {
    const strict = makeAdapter({ toleranceSeconds: 10 });
    expect(() => strict.inbound!.receive(signedRequest(event, { timestamp: NOW_SECONDS - 11 }))).toThrow(InboundAuthError);
    expect(strict.inbound!.receive(signedRequest(event, { timestamp: NOW_SECONDS - 10 })).events).toHaveLength(1);
  });

  it('checks the signature before parsing, so unsigned garbage is a 401 not a 400', () => {
    const req = signedRequest('not json', { secret: 'wrong' });
    expect(authFailure(req).message).toMatch(/signature/);
  });
});
