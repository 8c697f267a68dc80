import { encryptWrite, newNonce } from '../../../plugins/projeqtor/crypto';
import { decryptBody } from '../../doubles/projeqtor/crypto';
import { API_KEY, recording } from './recorded';

describe('ProjeQtor write encryption (AesCtr, section 3)', () => {
  // The recorded raw bodies were produced by the real client routine; the same nonce must give the same bytes.
  it.each(['ticket_create_post', 'note_create_on_ticket', 'ticket_create_special_characters'])(
    'reproduces the recorded ciphertext of %s byte for byte',
    (name) => {
      const { raw, plain } = recording(name).request.body!;
      const nonce = Buffer.from(raw, 'base64').subarray(0, 8);
      expect(encryptWrite(JSON.stringify(plain), API_KEY, 128, nonce)).toBe(raw);
    },
  );

  it('is refused by a different key', () => {
    const body = encryptWrite('{"name":"x"}', API_KEY, 128, Buffer.alloc(8, 7));
    expect(decryptBody(body, API_KEY, 128)).toBe('{"name":"x"}');
    expect(decryptBody(body, 'f'.repeat(32), 128)).not.toBe('{"name":"x"}');
  });

  it.each([128, 192, 256] as const)('round-trips with %i-bit keys through the server-side routine, and only with that size', (bits) => {
    const json = JSON.stringify({ note: 'é 日本 😀', refId: 1 });
    const body = encryptWrite(json, API_KEY, bits, newNonce(new Date('2026-11-23T08:12:36.123Z')));
    expect(decryptBody(body, API_KEY, bits)).toBe(json);
    const other = bits === 128 ? 256 : 128;
    expect(decryptBody(body, API_KEY, other)).not.toBe(json);
  });

  it('builds the nonce as ProjeQtor does: milliseconds, random, Unix seconds (little-endian)', () => {
    const at = new Date('2026-11-23T08:12:36.123Z');
    const nonce = newNonce(at);
    expect(nonce.readUInt16LE(0)).toBe(123);
    expect(nonce.readUInt32LE(4)).toBe(Math.floor(at.getTime() / 1000));
  });
});
