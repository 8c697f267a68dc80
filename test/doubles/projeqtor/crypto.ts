import { createCipheriv, createDecipheriv } from 'node:crypto';

export type AesBits = 128 | 192 | 256;

/**
 * ProjeQtor's AesCtr (Veness), server side: the key is the API key's first bytes encrypted with
 * themselves; the IV is the 8-byte nonce in front of the ciphertext followed by a zero counter.
 * Written apart from the plugin's encryption so the double checks it rather than mirrors it.
 */
function cipherKey(apiKey: string, bits: AesBits): Buffer {
  const size = bits / 8;
  const password = Buffer.alloc(size, 0);
  Buffer.from(apiKey, 'utf8').copy(password, 0, 0, size);
  const ecb = createCipheriv(`aes-${bits}-ecb`, password, null);
  ecb.setAutoPadding(false);
  const block = Buffer.concat([ecb.update(password.subarray(0, 16)), ecb.final()]);
  return Buffer.concat([block, block.subarray(0, size - 16)]);
}

/** The plain text of a write body, or undefined when it is not base64 of nonce + ciphertext. */
export function decryptBody(base64: string, apiKey: string, bits: AesBits): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const data = Buffer.from(base64, 'base64');
  if (data.length <= 8) return undefined;
  const ctr = createDecipheriv(`aes-${bits}-ctr`, cipherKey(apiKey, bits), Buffer.concat([data.subarray(0, 8), Buffer.alloc(8)]));
  return Buffer.concat([ctr.update(data.subarray(8)), ctr.final()]).toString('utf8');
}

/** A write body as ProjeQtor's own client builds it, for tests that call the double directly. */
export function encryptBody(json: string, apiKey: string, bits: AesBits, nonce: Buffer): string {
  const ctr = createCipheriv(`aes-${bits}-ctr`, cipherKey(apiKey, bits), Buffer.concat([nonce, Buffer.alloc(8)]));
  return Buffer.concat([nonce, ctr.update(Buffer.from(json, 'utf8')), ctr.final()]).toString('base64');
}
