import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { actionArb, type Action } from "./actions";
import { fuzzWorld } from "./world";
import { readState, execute, checkInvariants, newGhost, enabledChecks, PENDING_CHECKS, type Ghost } from "./runner";

/**
 * Property-based invariant fuzzer over the real contracts (see docs/fuzzing.md).
 *
 *   FUZZ_RUNS   number of random sequences (default 15)
 *   FUZZ_STEPS  maximum actions per sequence (default 20; each run draws between half and all of it)
 *   FUZZ_SEED   fast-check seed (default: random, printed on failure)
 *   FUZZ_PATH   replay path printed by a failure (with FUZZ_SEED, replays the shrunk counterexample)
 *   FUZZ_VERBOSE=1 prints every step of every run
 *   FUZZ_CHECKS  economic checks to turn on besides the defaults (comma-separated names, or `all`; see PENDING_CHECKS)
 *   FUZZ_LONG_IDLE=1 adds idle periods of years (F6)
 *   FUZZ_NO_SHRINK=1 reports the first failing sequence as found (shrinking replays it many times: minutes)
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const STEPS = Number(process.env.FUZZ_STEPS ?? 20);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;
const VERBOSE = process.env.FUZZ_VERBOSE === "1";
const CHECKS = enabledChecks();

const show = (a: Action) =>
  JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)).replace(/"(-?\d+n)"/g, "$1");

describe("Invariants under random action sequences (fast-check)", function () {
  this.timeout(0);

  it(`hold after every step (${RUNS} runs x up to ${STEPS} steps)`, async () => {
    const totals = {
      steps: 0,
      ok: 0,
      tried: new Map<string, number>(),
      succeeded: new Map<string, number>(),
      reverted: new Map<string, number>(),
      maxSurplus: 0n,
      maxDebtDrift: 0n,
    };
    const property = fc.asyncProperty(
      fc.array(actionArb, { minLength: Math.ceil(STEPS / 2), maxLength: STEPS }),
      async (actions) => {
        // loadFixture reverts to the same snapshot of the deployed world at the start of every run.
        const w = await loadFixture(fuzzWorld);
        const ghost: Ghost = newGhost(CHECKS);
        let pre = await readState(w);
        for (const [i, a] of actions.entries()) {
          const outcome = await execute(w, a, pre);
          const post = await readState(w);
          try {
            await checkInvariants(w, a, outcome, pre, post, ghost);
          } catch (e) {
            throw new Error(
              `step ${i} ${show(a)} -> ${outcome.ok ? "ok" : outcome.error}: ${(e as Error).message}\n` +
                `sequence:\n${actions
                  .slice(0, i + 1)
                  .map((x) => "  " + show(x))
                  .join("\n")}`,
            );
          }
          if (VERBOSE) console.log(`  ${i} ${show(a)} -> ${outcome.ok ? "ok" : outcome.error}`);
          totals.steps += 1;
          totals.tried.set(a.t, (totals.tried.get(a.t) ?? 0) + 1);
          if (outcome.ok) {
            totals.ok += 1;
            totals.succeeded.set(a.t, (totals.succeeded.get(a.t) ?? 0) + 1);
          } else totals.reverted.set(outcome.error!, (totals.reverted.get(outcome.error!) ?? 0) + 1);
          pre = post;
        }
        if (ghost.maxSurplus > totals.maxSurplus) totals.maxSurplus = ghost.maxSurplus;
        if (ghost.maxDebtDrift > totals.maxDebtDrift) totals.maxDebtDrift = ghost.maxDebtDrift;
      },
    );
    const details = await fc.check(property, {
      numRuns: RUNS,
      seed: SEED,
      path: PATH,
      endOnFailure: process.env.FUZZ_NO_SHRINK === "1",
    });
    if (details.failed) {
      const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} FUZZ_RUNS=${RUNS} FUZZ_STEPS=${STEPS}`;
      const shrunk = (details.counterexample?.[0] ?? []) as Action[];
      console.log(
        `\nInvariant violated (seed ${details.seed}, shrunk ${details.numShrinks} times). Replay with:\n` +
          `  ${replay} npx hardhat test test/invariants/LendingAuctionAmm.invariants.test.ts\n` +
          `Shrunk sequence:\n${shrunk.map((a) => "  " + show(a)).join("\n")}\n`,
      );
      throw details.errorInstance ?? new Error("fuzz run failed");
    }
    const reverted = [...totals.reverted.entries()].sort((x, y) => y[1] - x[1]);
    const perAction = [...totals.tried.entries()]
      .sort((x, y) => x[0].localeCompare(y[0]))
      .map(([k, n]) => `${k} ${totals.succeeded.get(k) ?? 0}/${n}`);
    const off = Object.keys(PENDING_CHECKS).filter((c) => !CHECKS.has(c));
    console.log(
      `    ${details.numRuns} runs, ${totals.steps} steps, ${totals.ok} succeeded (seed ${details.seed})\n` +
        `    per action (succeeded/tried): ${perAction.join(", ")}\n` +
        `    reverted: ${reverted.map(([k, v]) => `${k} ${v}`).join(", ")}\n` +
        `    max pool surplus ${totals.maxSurplus} wei, max debt drift ${totals.maxDebtDrift} wei\n` +
        `    economic checks on: ${[...CHECKS].join(", ") || "none"}; off (pending fixes): ${off.join(", ") || "none"}`,
    );
    expect(totals.ok).to.be.greaterThan(0);
  });
});
