import { createCipheriv, randomInt } from 'node:crypto';

export type AesBits = 128 | 192 | 256;

/**
 * ProjeQtor's write encryption (phpAES AesCtr, Chris Veness): the cipher key is the API key's first bytes
 * AES-encrypted with themselves (one ECB block), then standard AES-CTR with IV = 8-byte nonce ‖ zero counter.
 * Wire format: base64(nonce ‖ ciphertext). No MAC: a wrong key is only noticed by the server's JSON decode.
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

/** The nonce as ProjeQtor's own client builds it: milliseconds, 16 random bits, Unix seconds (little-endian). */
export function newNonce(now: Date): Buffer {
  const ms = now.getTime();
  const nonce = Buffer.alloc(8);
  nonce.writeUInt16LE(ms % 1000, 0);
  nonce.writeUInt16LE(randomInt(0, 0x10000), 2);
  nonce.writeUInt32LE(Math.floor(ms / 1000) >>> 0, 4);
  return nonce;
}

export function encryptWrite(json: string, apiKey: string, bits: AesBits, nonce: Buffer): string {
  const ctr = createCipheriv(`aes-${bits}-ctr`, cipherKey(apiKey, bits), Buffer.concat([nonce, Buffer.alloc(8)]));
  return Buffer.concat([nonce, ctr.update(Buffer.from(json, 'utf8')), ctr.final()]).toString('base64');
}
