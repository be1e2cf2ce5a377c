// The table of calls in progress behaves as a Map keyed by seq: checked against a Map through random
// sequences of set (new and replacing), delete, get and size, with seqs in order as a connection hands
// them out, far apart (calls that outlive thousands of newer ones), repeated and near 2³².
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CallTable } from '../../src/calls/call-table.js';

type Entry = { seq: number; tag: number };

const seqs = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(1, 64, 65, 4096, 4097, 0xffffffff, 0xfffffffe, 0x80000000));
const operation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), seq: seqs, tag: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), seq: seqs }),
  fc.record({ kind: fc.constant('get' as const), seq: seqs }),
);

describe('CallTable', () => {
  test('any sequence of set, delete and get gives what a Map gives', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
        const table = new CallTable<Entry>();
        const model = new Map<number, Entry>();
        for (const op of operations) {
          if (op.kind === 'set') {
            const entry = { seq: op.seq, tag: op.tag };
            table.set(entry);
            model.set(op.seq, entry);
          } else if (op.kind === 'delete') expect(table.delete(op.seq)).toBe(model.delete(op.seq));
          else expect(table.get(op.seq)).toBe(model.get(op.seq));
          expect(table.size).toBe(model.size);
        }
        expect(new Set(table.values())).toEqual(new Set(model.values()));
      }),
      { numRuns: 1000 },
    );
  });

  test('10,000 calls in flight, settled in another order: every one found until it is deleted', () => {
    const table = new CallTable<Entry>();
    for (let seq = 1; seq <= 10_000; seq++) table.set({ seq, tag: seq });
    expect(table.size).toBe(10_000);
    for (let seq = 10_000; seq >= 1; seq -= 2) expect(table.delete(seq)).toBe(true);
    for (let seq = 1; seq <= 10_000; seq++) expect(table.get(seq)?.tag).toBe(seq % 2 === 1 ? seq : undefined);
    table.clear();
    expect([table.size, table.values()]).toEqual([0, []]);
  });
});
