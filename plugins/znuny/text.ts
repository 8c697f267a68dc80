/**
 * Znuny's MySQL schema is 3-byte utf8: characters outside the BMP (emoji) come back as U+FFFD.
 * Replace them before sending so what is read back equals what was written.
 */
export function toBmp(text: string): string {
  return text.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}
