import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectGoldenSvg, normalizeSvg, renderGoldenPng } from './golden.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><defs><clipPath id="zr7-c0"><rect width="40" height="20"/></clipPath></defs><path class="zr7-cls-1" d="M0.123 5.6789L33.3333 -0.0001Z" fill="#e6e8eb" clip-path="url(#zr7-c0)"/><text x="1.005">0.123456</text></svg>';

describe('normalizeSvg', () => {
  it('rounds numbers in attributes only, renumbers ids and their references, drops instance numbers', () => {
    expect(normalizeSvg(SVG)).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><defs><clipPath id="id0"><rect width="40" height="20"/></clipPath></defs>' +
        '<path class="zr-cls-1" d="M0.12 5.68L33.33 0Z" fill="#e6e8eb" clip-path="url(#id0)"/><text x="1">0.123456</text></svg>\n',
    );
  });

  it('makes two renders that differ only in ids and float noise equal', () => {
    expect(normalizeSvg(SVG.replaceAll('zr7', 'zr12').replace('5.6789', '5.6801'))).toBe(normalizeSvg(SVG));
  });
});

describe('expectGoldenSvg', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-golden-test-'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });
  const opts = () => ({ dir, pngDir: dir });

  it('fails without a golden unless UPDATE_GOLDEN=1, which writes it', async () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    await expect(expectGoldenSvg('sample', SVG, opts())).rejects.toThrow(/no golden file .*sample\.svg; run with UPDATE_GOLDEN=1/);
    vi.stubEnv('UPDATE_GOLDEN', '1');
    await expectGoldenSvg('sample', SVG, opts());
    expect(readFileSync(join(dir, 'sample.svg'), 'utf8')).toBe(normalizeSvg(SVG));
  });

  it('passes on a match, and on a mismatch writes -changed.svg and fails', async () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    writeFileSync(join(dir, 'sample.svg'), normalizeSvg(SVG));
    await expectGoldenSvg('sample', SVG, opts());
    const changed = SVG.replace('#e6e8eb', '#ff0000');
    await expect(expectGoldenSvg('sample', changed, opts())).rejects.toThrow(/sample\.svg differs from its golden file \(first at line 1\): see .*sample-changed\.svg/);
    expect(readFileSync(join(dir, 'sample-changed.svg'), 'utf8')).toBe(normalizeSvg(changed));
    // a later match clears the stale -changed file
    await expectGoldenSvg('sample', SVG, opts());
    expect(existsSync(join(dir, 'sample-changed.svg'))).toBe(false);
  });

  it('refuses names that are not kebab-case', async () => {
    await expect(expectGoldenSvg('../escape', SVG, opts())).rejects.toThrow('golden name must be kebab-case: ../escape');
  });
});

describe('renderGoldenPng', () => {
  it('rasterises at 1.5× with the bundled fonts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-golden-png-test-'));
    try {
      const { png, width, height, path } = renderGoldenPng('tiny', SVG, dir);
      expect([width, height]).toEqual([60, 30]);
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      expect(existsSync(path)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
