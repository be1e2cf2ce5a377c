// The pending-call table's single timeout timer: calls expire in deadline order whatever order they
// were added in, a lifted, settled or rejected call never expires.
import { describe, expect, test } from 'vitest';
import { PendingCalls, type PendingCall } from '../../src/calls/pending-calls.js';
import { RpcError } from '../../src/errors.js';

function pendingCall(seq: number, method: string, timeoutMs: number): PendingCall {
  return { seq, method, resolve: () => undefined, reject: () => undefined, deadline: undefined, timeoutMs, signal: undefined, onAbort: undefined, stream: undefined, argCredit: undefined, onMetadata: undefined, timedUntilFirstItem: false };
}

describe('PendingCalls timeouts', () => {
  test('calls expire in the order of their deadlines, a call added later with an earlier deadline first', async () => {
    const table = new PendingCalls();
    const expired: string[] = [];
    const all = new Promise<void>((done) => {
      const onTimeout = (seq: number): void => {
        expired.push(table.take(seq)!.method);
        if (table.size === 0) done();
      };
      for (const [method, ms] of [['slow', 60], ['fast', 5], ['middle', 30]] as const) table.add(pendingCall(table.nextSequence(), method, ms), onTimeout);
    });
    await all;
    expect(expired).toEqual(['fast', 'middle', 'slow']);
  });

  test('a settled call and a call whose timeout was lifted never expire', async () => {
    const table = new PendingCalls();
    const expired: number[] = [];
    const onTimeout = (seq: number): void => {
      expired.push(seq);
      table.take(seq);
    };
    const settled = table.nextSequence();
    table.add(pendingCall(settled, 'settled', 5), onTimeout);
    const lifted = table.nextSequence();
    const liftedCall = pendingCall(lifted, 'lifted', 5);
    table.add(liftedCall, onTimeout);
    const timed = table.nextSequence();
    table.add(pendingCall(timed, 'timed', 20), onTimeout);
    table.take(settled);
    table.clearTimer(liftedCall);
    while (!expired.includes(timed)) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(expired).toEqual([timed]);
    expect(table.get(lifted)).toBe(liftedCall);
    table.take(lifted);
    expect(table.size).toBe(0);
  });

  test('rejectAll rejects every call at once with its reason, and none of them expires afterwards', async () => {
    const table = new PendingCalls();
    const reasons: string[] = [];
    let timeouts = 0;
    for (let i = 0; i < 100; i++) table.add({ ...pendingCall(table.nextSequence(), 'm', 5 + i), reject: (error: RpcError) => void reasons.push(error.code) }, () => void timeouts++);
    table.rejectAll(new RpcError('CLOSED', 'closed for the test'));
    expect(reasons).toEqual(Array.from({ length: 100 }, () => 'CLOSED'));
    expect(table.size).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(timeouts).toBe(0);
  });
});
