// Sigma's UTF-16 modifiers: the value's bytes in UTF-16 (little-endian, big-endian, or
// little-endian after a byte order mark), to be base64-encoded next (`|wide|base64offset`), which is
// how PowerShell's -EncodedCommand and similar payloads appear in logs.
export const UTF16_MODS = ['utf16le', 'utf16be', 'utf16', 'wide'];

export function encodeUtf16(text: string, mod: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (mod === 'utf16le' || mod === 'wide') return le;
  if (mod === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  // utf16be: swap each 16-bit unit of the little-endian form.
  const be = Buffer.from(le);
  be.swap16();
  return be;
}
