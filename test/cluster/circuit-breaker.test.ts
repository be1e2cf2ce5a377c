// The breaker's state machine on a fake clock: consecutive failures and error rate open it, the open
// time leads to one half-open probe, and the probe's outcome closes or reopens it.
import { describe, expect, test } from 'vitest';
import { createCircuitBreaker, type CircuitBreakerOptions } from '../../platforms/entries/node.js';

function breakerAt(options: CircuitBreakerOptions = {}) {
  const clock = { now: 1_000_000 };
  const breaker = createCircuitBreaker(options, () => clock.now);
  return { breaker, clock };
}

describe('circuit breaker', () => {
  test('starts closed and stays closed through successes and fewer failures than the limit', () => {
    const { breaker } = breakerAt();
    for (let i = 0; i < 4; i++) breaker.onFailure();
    breaker.onSuccess();
    for (let i = 0; i < 4; i++) breaker.onFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.allows()).toBe(true);
  });

  test('5 consecutive failures open it; it refuses calls until openDuration has passed', () => {
    const { breaker, clock } = breakerAt({ openDuration: 5000 });
    for (let i = 0; i < 5; i++) breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.allows()).toBe(false);
    clock.now += 4999;
    expect(breaker.allows()).toBe(false);
    clock.now += 1;
    expect(breaker.state).toBe('half-open');
    expect(breaker.allows()).toBe(true);
  });

  test('half-open lets one probe through; its success closes the circuit', () => {
    const { breaker, clock } = breakerAt({ openDuration: 100 });
    for (let i = 0; i < 5; i++) breaker.onFailure();
    clock.now += 100;
    breaker.onRequest();
    expect(breaker.allows()).toBe(false); // the one probe slot is taken
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.allows()).toBe(true);
  });

  test("a failed probe opens it again for another openDuration", () => {
    const { breaker, clock } = breakerAt({ openDuration: 100 });
    for (let i = 0; i < 5; i++) breaker.onFailure();
    clock.now += 100;
    breaker.onRequest();
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    clock.now += 99;
    expect(breaker.allows()).toBe(false);
    clock.now += 1;
    expect(breaker.allows()).toBe(true);
  });

  test('a cancelled probe frees its slot without a verdict', () => {
    const { breaker, clock } = breakerAt({ openDuration: 100 });
    for (let i = 0; i < 5; i++) breaker.onFailure();
    clock.now += 100;
    breaker.onRequest();
    breaker.onIgnored();
    expect(breaker.state).toBe('half-open');
    expect(breaker.allows()).toBe(true);
  });

  test('an error rate at the threshold over at least minimumCalls opens it, without a run of failures', () => {
    const { breaker } = breakerAt({ errorRate: 0.5, minimumCalls: 20 });
    for (let i = 0; i < 19; i++) (i % 2 === 0 ? breaker.onFailure() : breaker.onSuccess());
    expect(breaker.state).toBe('closed'); // 10 failures of 19 calls, but fewer than 20 calls
    breaker.onSuccess();
    expect(breaker.state).toBe('closed'); // 10 of 20, opened only by a failure
    breaker.onFailure();
    expect(breaker.state).toBe('open'); // 11 of 21
  });

  test('failures older than the window no longer count toward the error rate', () => {
    const { breaker, clock } = breakerAt({ errorRate: 0.5, minimumCalls: 10, window: 10_000, consecutiveFailures: 100 });
    for (let i = 0; i < 9; i++) breaker.onFailure();
    clock.now += 11_000;
    for (let i = 0; i < 9; i++) breaker.onSuccess();
    breaker.onFailure();
    expect(breaker.state).toBe('closed'); // 1 failure in 10 calls inside the window
  });

  test('rejects nonsensical thresholds', () => {
    expect(() => createCircuitBreaker({ errorRate: 0 })).toThrow(/errorRate/);
    expect(() => createCircuitBreaker({ consecutiveFailures: -1 })).toThrow(/consecutiveFailures/);
  });
});
