/** A small PNG reader for tests: chunks, IHDR, pHYs and RGBA pixels of 8-bit RGB/RGBA non-interlaced images. */
import { inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngChunk {
  type: string;
  data: Buffer;
}

export function pngChunks(png: Uint8Array): PngChunk[] {
  const buf = Buffer.from(png);
  if (!PNG_SIGNATURE.every((b, i) => buf[i] === b)) throw new Error('not a PNG: bad signature');
  const out: PngChunk[] = [];
  let off = 8;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    out.push({ type: buf.toString('latin1', off + 4, off + 8), data: buf.subarray(off + 8, off + 8 + len) });
    off += 12 + len;
  }
  return out;
}

export interface DecodedPng {
  width: number;
  height: number;
  /** Pixels per metre from pHYs, if present. */
  ppm?: number;
  /** RGBA, 4 bytes per pixel. */
  rgba: Uint8Array;
}

export function decodePng(png: Uint8Array): DecodedPng {
  const chunks = pngChunks(png);
  const ihdr = chunks[0]!;
  if (ihdr.type !== 'IHDR') throw new Error('first chunk is not IHDR');
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const depth = ihdr.data[8]!;
  const colour = ihdr.data[9]!;
  if (depth !== 8 || (colour !== 6 && colour !== 2) || ihdr.data[12] !== 0) throw new Error(`unsupported PNG: depth ${depth} colour ${colour}`);
  const bpp = colour === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * bpp;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? pixels[y * stride + i - bpp]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? pixels[(y - 1) * stride + i - bpp]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter];
      if (pred === undefined) throw new Error(`bad PNG filter ${filter}`);
      pixels[y * stride + i] = (line[i]! + pred) & 0xff;
    }
  }
  let rgba = pixels;
  if (bpp === 3) {
    rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([pixels[i * 3]!, pixels[i * 3 + 1]!, pixels[i * 3 + 2]!, 255], i * 4);
  }
  const phys = chunks.find((c) => c.type === 'pHYs');
  return { width, height, rgba, ...(phys ? { ppm: phys.data.readUInt32BE(0) } : {}) };
}

/** How many pixels are (about) this colour. */
export function countColour(img: DecodedPng, [r, g, b]: [number, number, number], tolerance = 40): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) {
    if (Math.abs(img.rgba[i]! - r) + Math.abs(img.rgba[i + 1]! - g) + Math.abs(img.rgba[i + 2]! - b) <= tolerance) n++;
  }
  return n;
}
