/**
 * Runs one cluster call under its fail mode: choosing servers, retrying what is safe to retry with
 * backoff, and racing a backup request for `failbackup`.
 */
import { RpcError } from '../errors.js';
import { attempt, childController, raceAbort, type AttemptOutcome, type LogicalCall } from './attempt.js';
import { abortReason, backoffCap, backoffDelay, sleep, type ResolvedBackoff } from './backoff.js';
import { isRetryable, isServerFailure, type AttemptFailure } from './fail-modes.js';
import type { Member } from './member.js';
import type { MemberTable } from './member-table.js';
import type { RandomSource, Selector } from './selectors/selector.js';

/** @internal What the runners share for one cluster client. */
export interface RunnerContext {
  readonly service: string;
  readonly table: MemberTable;
  readonly selector: Selector;
  readonly backoff: ResolvedBackoff;
  readonly backupDelay: number;
  readonly random: RandomSource;
}

/** @internal The members a call may use now; `avoid` (servers this call already tried) only if others remain. */
export function eligibleMembers(table: MemberTable, avoid?: ReadonlySet<Member>): Member[] {
  const eligible = table.members.filter((member) => member.eligible());
  if (avoid === undefined || avoid.size === 0) return eligible;
  const fresh = eligible.filter((member) => !avoid.has(member));
  return fresh.length > 0 ? fresh : eligible;
}

/** @internal Picks a server for `call`, or undefined when none is eligible. */
export function choose(ctx: RunnerContext, call: LogicalCall, avoid?: ReadonlySet<Member>): Member | undefined {
  const candidates = eligibleMembers(ctx.table, avoid);
  if (candidates.length === 0) return undefined;
  const chosen = ctx.selector.select(candidates, call.request);
  // Only a candidate may be used: a custom selector returning anything else is treated as a refusal.
  return candidates.includes(chosen as Member) ? (chosen as Member) : undefined;
}

/** @internal The failure of a call that found no server to send to. */
export function noServer(ctx: RunnerContext): AttemptFailure {
  const known = ctx.table.members.length;
  const open = ctx.table.members.filter((member) => member.circuit !== 'closed').length;
  const detail = known === 0 ? 'discovery lists none' : `${known} known, ${open} with an open circuit breaker`;
  return { error: new RpcError('UNAVAILABLE', `No server of service "${ctx.service}" is available (${detail})`), notSent: true };
}

/** @internal Waits for discovery's first report; a call that ends before it says so. */
export async function waitForDiscovery(ctx: RunnerContext, call: LogicalCall): Promise<void> {
  try {
    await raceAbort(ctx.table.ready, call.signal);
  } catch (error) {
    const reason = RpcError.from(error);
    throw new RpcError(reason.code, `${reason.message}; discovery had not listed the servers of "${ctx.service}" yet (is the registry reachable?)`, { cause: reason });
  }
}

/** Runs `call` to completion under its fail mode; resolves with the reply or rejects with an RpcError. */
export async function runCall(ctx: RunnerContext, call: LogicalCall): Promise<unknown> {
  await waitForDiscovery(ctx, call);
  return call.fail === 'failbackup' ? runWithBackup(ctx, call) : runWithRetries(ctx, call);
}

/** failfast (no retry), failover (another server each time) and failtry (the same server again). */
async function runWithRetries(ctx: RunnerContext, call: LogicalCall): Promise<unknown> {
  const tried = new Set<Member>();
  const retries = call.fail === 'failfast' ? 0 : call.retries;
  let previous: Member | undefined;
  for (let retry = 0; ; retry++) {
    const member = call.fail === 'failtry' && previous?.eligible() ? previous : choose(ctx, call, tried);
    let failure: AttemptFailure;
    if (member === undefined) {
      failure = noServer(ctx);
    } else {
      tried.add(member);
      previous = member;
      const outcome = await attempt(member, call, call.signal);
      if (outcome.ok) return outcome.reply;
      failure = outcome.failure;
    }
    if (call.signal.aborted) throw abortReason(call.signal);
    if (retry >= retries || !isRetryable(failure, call.idempotent)) throw failure.error;
    // With no server at all, a discovery update is worth more than the full backoff: wake on either.
    if (member === undefined) await ctx.table.waitForChange(backoffCap(retry + 1, ctx.backoff), call.signal);
    else await sleep(backoffDelay(retry + 1, ctx.backoff, ctx.random), call.signal);
  }
}

interface Running {
  readonly controller: AbortController;
  readonly outcome: Promise<{ running: Running; outcome: AttemptOutcome }>;
}

/**
 * failbackup: a second request to another server if the first has not answered within `backupDelay`
 * (or failed in a retryable way). The first answer wins — a reply, or an error the server returned —
 * and the other request is cancelled. Failures without an answer wait for the other request.
 */
async function runWithBackup(ctx: RunnerContext, call: LogicalCall): Promise<unknown> {
  const first = choose(ctx, call);
  if (first === undefined) throw noServer(ctx).error;
  const running = new Set<Running>();
  let backupStarted = false;
  const start = (member: Member): void => {
    const { controller, dispose } = childController(call.signal);
    const entry: Running = {
      controller,
      outcome: attempt(member, call, controller.signal).then((outcome) => {
        dispose();
        return { running: entry, outcome };
      }),
    };
    running.add(entry);
  };
  const startBackup = (): void => {
    backupStarted = true;
    const second = choose(ctx, call, new Set([first]));
    if (second !== undefined && second !== first) start(second);
  };
  const cancelOthers = (winner: Running): void => {
    for (const other of running) if (other !== winner) other.controller.abort(new RpcError('CANCELLED', `Another server answered the call to ${call.method} first`));
  };

  start(first);
  const timer = childController(call.signal);
  const backupDue = sleep(ctx.backupDelay, timer.controller.signal).then(
    () => 'backup' as const,
    () => 'never' as const,
  );
  let lastFailure: AttemptFailure | undefined;
  try {
    while (running.size > 0) {
      const next = await Promise.race([...[...running].map((entry) => entry.outcome), ...(backupStarted ? [] : [backupDue])]);
      if (next === 'never') {
        backupStarted = true;
        continue;
      }
      if (next === 'backup') {
        startBackup();
        continue;
      }
      running.delete(next.running);
      const { outcome } = next;
      if (outcome.ok) {
        cancelOthers(next.running);
        return outcome.reply;
      }
      if (call.signal.aborted) throw abortReason(call.signal);
      const { error } = outcome.failure;
      // The server answered with an error (REMOTE, NOT_FOUND, …): that answer wins like a reply.
      if (error.code !== 'CANCELLED' && !isServerFailure(error)) {
        cancelOthers(next.running);
        throw error;
      }
      lastFailure = outcome.failure;
      // No answer: the other request may still bring one; start it now if it is not running yet.
      if (!backupStarted && isRetryable(outcome.failure, call.idempotent)) startBackup();
    }
    throw (lastFailure ?? noServer(ctx)).error;
  } finally {
    timer.controller.abort();
    timer.dispose();
  }
}
