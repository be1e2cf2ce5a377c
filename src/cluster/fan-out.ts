/**
 * Calls that go to every server at once (rpcx's Broadcast and Fork): `broadcast` succeeds when all
 * succeed, `fork` when one does (the first success wins and the other requests are cancelled).
 */
import { RpcError } from '../errors.js';
import { attempt, childController, type AttemptOutcome, type LogicalCall } from './attempt.js';
import { abortReason } from './backoff.js';
import { eligibleMembers, noServer, waitForDiscovery, type RunnerContext } from './call-runner.js';
import type { Member } from './member.js';

/** One server's reply to a broadcast. */
export interface BroadcastReply<Result = unknown> {
  /** The server that replied. */
  readonly address: string;
  /** Its reply. */
  readonly reply: Result;
}

async function targets(ctx: RunnerContext, call: LogicalCall): Promise<Member[]> {
  await waitForDiscovery(ctx, call);
  const members = eligibleMembers(ctx.table);
  if (members.length === 0) throw noServer(ctx).error;
  return members;
}

/** Calls every eligible server; resolves with every reply (sorted by address) or rejects once all settled, with the first error. */
export async function runBroadcast(ctx: RunnerContext, call: LogicalCall): Promise<BroadcastReply[]> {
  const members = await targets(ctx, call);
  const outcomes = await Promise.all(members.map((member) => attempt(member, call, call.signal)));
  if (call.signal.aborted) throw abortReason(call.signal);
  const failed = outcomes.flatMap((outcome, i) => (outcome.ok ? [] : [{ address: members[i]!.address, error: outcome.failure.error }]));
  const first = failed[0];
  if (first !== undefined) {
    const { error } = first;
    throw new RpcError(error.code, `Broadcast of ${call.method} failed on ${failed.length} of ${members.length} servers; ${first.address}: ${error.message}`, {
      cause: error,
      remoteCode: error.remoteCode,
      data: error.data,
      remoteStack: error.remoteStack,
    });
  }
  return outcomes.map((outcome, i) => ({ address: members[i]!.address, reply: (outcome as Extract<AttemptOutcome, { ok: true }>).reply }));
}

/** Calls every eligible server; resolves with the first reply and cancels the rest, or rejects with the last error when all fail. */
export async function runFork(ctx: RunnerContext, call: LogicalCall): Promise<unknown> {
  const members = await targets(ctx, call);
  const running = members.map((member) => {
    const child = childController(call.signal);
    return { child, outcome: attempt(member, call, child.controller.signal).finally(child.dispose) };
  });
  return new Promise((resolve, reject) => {
    let left = running.length;
    for (const entry of running) {
      void entry.outcome.then((outcome) => {
        left--;
        if (outcome.ok) {
          for (const other of running) if (other !== entry) other.child.controller.abort(new RpcError('CANCELLED', `Another server answered the forked call to ${call.method} first`));
          resolve(outcome.reply);
        } else if (left === 0) {
          reject(call.signal.aborted ? abortReason(call.signal) : outcome.failure.error);
        }
      });
    }
  });
}
