// Runs every measurement in an order that spreads machine noise evenly over isorpc and raw.
import { runFor, summarize } from './measure.mjs';
import { implsFor } from './targets.mjs';

/**
 * `targets[transport][impl]` must be started. Returns `{ "transport/mode/impl": [summary per repetition] }`.
 * Repetitions sweep all transports and modes; within a measurement isorpc and the raw baselines take
 * turns in short slices, ABBA order with A swapped every repetition, so drift and bursts of load hit both alike.
 * `impls(transport)` names the implementations measured on a transport (isorpc and its baselines by default).
 */
export async function runSchedule(targets, config, onRepetition, impls = implsFor) {
  const results = {};
  // JIT warm-up of every target in every mode, counted in calls: V8 optimises after enough
  // invocations, and each mode exercises its own paths (a cold isorpc client ran sequential calls
  // 3-4× slower for its first second, even after thousands of concurrent calls).
  for (const transport of config.transports) {
    for (const impl of impls(transport)) {
      for (const mode of config.modes) {
        await runFor(targets[transport][impl].calls[mode.size], { concurrency: mode.concurrency, seconds: config.jitWarmupMaxSeconds, maxCalls: config.jitWarmupCalls });
      }
    }
  }
  for (let rep = 0; rep < config.repeats; rep++) {
    const started = performance.now();
    for (const transport of config.transports) {
      for (const mode of config.modes) {
        const key = `${transport}/${mode.name}`;
        const run = (impl, seconds) => runFor(targets[transport][impl].calls[mode.size], { concurrency: mode.concurrency, seconds });
        const measured = impls(transport);
        for (const impl of measured) await run(impl, config.warmupSeconds);
        const order = rep % 2 === 0 ? measured : [...measured].reverse();
        const slices = Object.fromEntries(measured.map((impl) => [impl, []]));
        for (let i = 0; i < config.slices; i++) {
          for (const impl of i % 2 === 0 ? order : [...order].reverse()) slices[impl].push(await run(impl, config.seconds / config.slices));
        }
        for (const impl of measured) (results[`${key}/${impl}`] ??= []).push(summarize(slices[impl]));
      }
    }
    onRepetition?.(rep, (performance.now() - started) / 1000);
  }
  return results;
}
