import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '@runlens/core';
import { loadExpectedFixtures } from '../../../../../test/fixtures/tfevents/expected.js';
import { frameTfRecords } from './tfrecord-frame.js';
import { readTfRecordFile, readTfRecordsFromBuffer, type TfRecord, type TfRecordProblem } from './tfrecord-reader.js';

const fixtures = loadExpectedFixtures();
const smallest = [...fixtures].sort((a, b) => a.bytes - b.bytes)[0]!;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'runlens-tfrecord-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Reads a file through the streaming reader with the given chunk size, collecting copies of the records. */
async function readFileRecords(path: string, chunkSize?: number): Promise<{ records: TfRecord[]; problems: TfRecordProblem[]; position: number }> {
  const records: TfRecord[] = [];
  const problems: TfRecordProblem[] = [];
  let position = 0;
  const onProblem = (p: TfRecordProblem): void => void problems.push(p);
  for await (const chunk of readTfRecordFile(path, chunkSize === undefined ? { onProblem } : { chunkSize, onProblem })) {
    while (chunk.next()) records.push({ offset: chunk.offset, data: new Uint8Array(chunk.bytes.subarray(chunk.start, chunk.end)) });
    position = chunk.position;
  }
  return { records, problems, position };
}

const recordEnd = (r: TfRecord): number => r.offset + r.data.length + 16;
/** Records as `offset+length` labels: cheap to compare thousands of times (the data is checked by its CRC). */
const spans = (records: TfRecord[]): string[] => records.map((r) => `${r.offset}+${r.data.length}`);

describe('readTfRecordsFromBuffer on real files', () => {
  it.each(fixtures.map((f) => [f.runDir, f] as const))('%s: every record, no problems (EXPECTED.md counts)', (_, f) => {
    const bytes = readFileSync(f.path);
    expect(bytes.length).toBe(f.bytes);
    const { records, problems } = readTfRecordsFromBuffer(bytes, f.path);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(f.records);
    expect(records[0]!.offset).toBe(0);
    expect(recordEnd(records.at(-1)!)).toBe(bytes.length);
    for (let i = 1; i < records.length; i++) expect(records[i]!.offset).toBe(recordEnd(records[i - 1]!));
  });

  it.each(fixtures.map((f) => [f.runDir, f] as const))('%s: the streaming reader finds the same records with any chunk size', async (_, f) => {
    const whole = readTfRecordsFromBuffer(readFileSync(f.path));
    for (const chunkSize of [16, 17, 50, 333, 4096, undefined]) {
      const read = await readFileRecords(f.path, chunkSize);
      expect(read.problems).toEqual([]);
      expect(spans(read.records)).toEqual(spans(whole.records));
      read.records.forEach((r, i) => expect(Buffer.compare(r.data, whole.records[i]!.data)).toBe(0));
      expect(read.position).toBe(f.bytes);
    }
  });
});

describe('damaged input', () => {
  const bytes = readFileSync(smallest.path);
  const good = readTfRecordsFromBuffer(bytes).records;

  it('an empty buffer has no records and nothing wrong', () => {
    expect(readTfRecordsFromBuffer(new Uint8Array(0))).toEqual({ records: [], problems: [] });
  });

  it('a 0-byte file has no records and nothing wrong', async () => {
    const path = join(tmp, 'empty.tfevents');
    await writeFile(path, new Uint8Array(0));
    expect(await readFileRecords(path)).toEqual({ records: [], problems: [], position: 0 });
  });

  it(`truncation at every byte of ${smallest.bytes}: keeps each complete record, reports the cut record by offset`, () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { records, problems } = readTfRecordsFromBuffer(bytes.subarray(0, cut), 'cut.tfevents');
      const complete = good.filter((r) => recordEnd(r) <= cut);
      expect(spans(records)).toEqual(spans(complete));
      const atBoundary = cut === 0 || (complete.length > 0 && recordEnd(complete.at(-1)!) === cut);
      if (atBoundary) {
        expect(problems).toEqual([]);
      } else {
        const cutRecord = good[complete.length]!;
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ kind: 'truncated', offset: cutRecord.offset, file: 'cut.tfevents' });
        expect(problems[0]!.message).toContain(`cut.tfevents: offset ${cutRecord.offset}: truncated record`);
      }
    }
  });

  it('truncated files read through the streaming reader with small chunks give the same result', async () => {
    const path = join(tmp, 'cut.tfevents');
    for (let cut = 0; cut <= bytes.length; cut += 37) {
      await writeFile(path, bytes.subarray(0, cut));
      const expected = readTfRecordsFromBuffer(bytes.subarray(0, cut), path);
      const read = await readFileRecords(path, 64);
      expect(spans(read.records)).toEqual(spans(expected.records));
      expect(read.problems).toEqual(expected.problems);
    }
  });

  it('one damaged byte anywhere loses exactly the record holding it, reported at its offset; the rest is kept', () => {
    for (let at = 0; at < bytes.length; at++) {
      const damaged = Uint8Array.from(bytes);
      damaged[at]! ^= 0x5a;
      const { records, problems } = readTfRecordsFromBuffer(damaged);
      const hit = good.findIndex((r) => at >= r.offset && at < recordEnd(r));
      const hitRecord = good[hit]!;
      expect(records.map((r) => r.offset)).toEqual(good.filter((_, i) => i !== hit).map((r) => r.offset));
      expect(problems).toHaveLength(1);
      expect(problems[0]!.offset).toBe(hitRecord.offset);
      // a damaged length (or its CRC) loses the framing and needs a resync; damaged data only its own record
      const inHeader = at < hitRecord.offset + 12;
      expect(problems[0]!.kind).toBe(inHeader ? 'corrupt' : 'bad-data-crc');
      if (inHeader && hit < good.length - 1) expect(problems[0]!.message).toContain(`next valid record at offset ${good[hit + 1]!.offset}`);
    }
  });

  it('resynchronises across chunk boundaries the same way', async () => {
    const path = join(tmp, 'damaged.tfevents');
    for (const at of [3, 9, 100, 700, 1500, bytes.length - 20]) {
      const damaged = Uint8Array.from(bytes);
      damaged[at]! ^= 0xff;
      await writeFile(path, damaged);
      const expected = readTfRecordsFromBuffer(damaged, path);
      for (const chunkSize of [16, 29, 128]) {
        const read = await readFileRecords(path, chunkSize);
        expect(spans(read.records)).toEqual(spans(expected.records));
        expect(read.problems).toEqual(expected.problems);
      }
    }
  });

  it('garbage between records is skipped in one step and reported once', () => {
    const garbage = Uint8Array.from({ length: 301 }, (_, i) => (i * 31 + 7) & 0xff);
    const mid = good[10]!.offset;
    const spliced = new Uint8Array(bytes.length + garbage.length);
    spliced.set(bytes.subarray(0, mid));
    spliced.set(garbage, mid);
    spliced.set(bytes.subarray(mid), mid + garbage.length);
    const { records, problems } = readTfRecordsFromBuffer(spliced);
    expect(records).toHaveLength(good.length);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'corrupt', offset: mid, message: expect.stringContaining(`skipped 301 bytes to the next valid record at offset ${mid + 301}`) }),
    ]);
  });

  it('a record longer than the chunk size is read whole', async () => {
    const big = Uint8Array.from({ length: 10_000 }, (_, i) => i & 0xff);
    const path = join(tmp, 'big.tfevents');
    await writeFile(path, frameTfRecords([new Uint8Array([1, 2, 3]), big, new Uint8Array(0)]));
    const read = await readFileRecords(path, 100);
    expect(read.problems).toEqual([]);
    expect(read.records.map((r) => r.data.length)).toEqual([3, 10_000, 0]);
    expect(Buffer.compare(read.records[1]!.data, big)).toBe(0);
  });
});

describe('property: random input', () => {
  it('random bytes never throw, and every record found really is one', () => {
    const rng = createSeededRandom(20240601);
    for (let trial = 0; trial < 300; trial++) {
      const length = rng.int(trial < 100 ? 40 : 3000);
      const random = Uint8Array.from({ length }, () => rng.int(256));
      const { records, problems } = readTfRecordsFromBuffer(random, 'random');
      // the chance of a random 12-byte header passing its CRC is 2^-32 per position
      expect(records).toEqual([]);
      if (length === 0) expect(problems).toEqual([]);
      else {
        expect(problems).toHaveLength(1);
        expect(problems[0]!.offset).toBe(0);
        expect(problems[0]!.kind).toBe(length < 12 ? 'truncated' : 'corrupt');
      }
    }
  });

  it('random records with random damage: everything before the first damage survives, nothing is invented', () => {
    const rng = createSeededRandom(99);
    for (let trial = 0; trial < 200; trial++) {
      const payloads = Array.from({ length: 1 + rng.int(12) }, () => Uint8Array.from({ length: rng.int(300) }, () => rng.int(256)));
      const file = frameTfRecords(payloads);
      const damaged = Uint8Array.from(file);
      const hits = rng.int(4);
      let firstHit = file.length;
      for (let h = 0; h < hits; h++) {
        const at = rng.int(file.length);
        damaged[at]! ^= 1 + rng.int(255);
        firstHit = Math.min(firstHit, at);
      }
      const cut = rng.next() < 0.3 ? rng.int(file.length + 1) : file.length;
      const input = damaged.subarray(0, cut);
      const { records, problems } = readTfRecordsFromBuffer(input);
      const originals = readTfRecordsFromBuffer(file).records;
      const intact = originals.filter((r) => recordEnd(r) <= Math.min(firstHit, cut));
      expect(records.slice(0, intact.length)).toEqual(intact);
      // anything returned is one of the original records at its original offset
      for (const r of records) expect(originals).toContainEqual(r);
      if (hits === 0 && cut === file.length) expect(problems).toEqual([]);
      for (const p of problems) expect(p.offset).toBeLessThan(Math.max(cut, 1));
    }
  });
});
