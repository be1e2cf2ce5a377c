// The whole transport contract: every adapter's test file calls `describeTransportContract`.
import { describeCallContract } from './call-suite.js';
import type { ContractSetup } from './helpers.js';
import { describeStreamContract } from './stream-suite.js';

export type { ContractSetup } from './helpers.js';

/** Runs both parts of the contract (calls, then streams and both directions) for one adapter. */
export function describeTransportContract(name: string, factory: () => Promise<ContractSetup>): void {
  describeCallContract(name, factory);
  describeStreamContract(name, factory);
}
