/**
 * Writes the PWA's PNG icons into web/public/icons with Node built-ins only (zlib for the
 * PNG's deflate stream), so a fresh machine needs no image tool. The output is committed;
 * run `npx tsx scripts/make-icons.ts` again only when the design changes.
 *
 * The design: a white shield with a check mark on the app's dark blue. The maskable variant
 * keeps the shield inside the central 60 % so any platform mask (circle, squircle) leaves it
 * whole; the plain variant uses a rounded square so it looks right where no mask is applied.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'public', 'icons');
const BLUE: readonly [number, number, number] = [0x0a, 0x4b, 0x8f];
const WHITE: readonly [number, number, number] = [0xff, 0xff, 0xff];
const GREEN: readonly [number, number, number] = [0x1f, 0x8f, 0x4e];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

type Rgb = readonly [number, number, number];

/** Colour of a point in unit coordinates (0..1), or null for transparent. */
function shade(u: number, v: number, maskable: boolean): Rgb | null {
  if (!maskable) {
    // Rounded square background with a 18 % corner radius.
    const r = 0.18;
    const dx = Math.max(r - u, 0, u - (1 - r));
    const dy = Math.max(r - v, 0, v - (1 - r));
    if (dx * dx + dy * dy > r * r) return null;
  }
  const scale = maskable ? 0.6 : 0.74;
  const x = (u - 0.5) / scale + 0.5;
  const y = (v - 0.5) / scale + 0.5;
  // Shield: straight top, sides down to 55 %, then a curve to the point at the bottom.
  const inShield =
    y >= 0.08 &&
    y <= 0.95 &&
    (() => {
      const half = y < 0.55 ? 0.38 : 0.38 * Math.sqrt(Math.max(0, 1 - ((y - 0.55) / 0.4) ** 2));
      return Math.abs(x - 0.5) <= half;
    })();
  if (!inShield) return BLUE;
  // Check mark: two thick segments.
  const seg = (ax: number, ay: number, bx: number, by: number): number => {
    const px = x - ax;
    const py = y - ay;
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, (px * vx + py * vy) / (vx * vx + vy * vy)));
    return Math.hypot(px - vx * t, py - vy * t);
  };
  const d = Math.min(seg(0.3, 0.5, 0.45, 0.66), seg(0.45, 0.66, 0.72, 0.34));
  return d < 0.065 ? GREEN : WHITE;
}

function render(size: number, maskable: boolean): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const ss = 4; // supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, maskable);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round((a / (ss * ss)) * 255);
    }
  }
  return out;
}

mkdirSync(OUT, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-192.png', 192, true],
  ['maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
] as const) {
  writeFileSync(join(OUT, name), png(size, render(size, maskable)));
  console.log(`wrote ${join(OUT, name)}`);
}
