/** CRC32C (Castagnoli), the checksum Cloud KMS uses to verify request and response integrity. */
let table: Uint32Array | undefined;

/** Built on the first KMS call rather than at load: the emulator's local key never needs it. */
function crcTable(): Uint32Array {
  table ??= new Uint32Array(256).map((_, index) => {
    let crc = index;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    return crc >>> 0;
  });
  return table;
}

export function crc32c(data: Uint8Array): number {
  const lookup = crcTable();
  let crc = 0xffffffff;
  for (const byte of data) crc = lookup[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
