/**
 * Deflate settings for the few hundred bytes the stores compress: a 4 KiB window and small hash tables. With zlib's
 * defaults (a 32 KiB window, 256 KiB of state) most of each call went into setting up that state; the output is as
 * small, and inflate's default window reads it, as it reads what earlier versions wrote.
 */
export const SMALL_DEFLATE = { windowBits: 12, memLevel: 2 } as const;
