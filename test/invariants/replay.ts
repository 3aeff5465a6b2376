import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { fuzzWorld } from "./world";
import { readState, execute, checkInvariants, newGhost, enabledChecks } from "./runner";
import type { Action } from "./actions";

/** Runs `actions` from the fuzz world with the given checks: every step must pass them, the last action succeed. */
export async function replay(actions: Action[], checks: string) {
  const w = await loadFixture(fuzzWorld);
  const ghost = newGhost(enabledChecks(checks));
  let pre = await readState(w);
  for (const a of actions) {
    const outcome = await execute(w, a, pre);
    if (a === actions[actions.length - 1]) expect(outcome.ok, `${a.t}: ${outcome.error}`).to.equal(true);
    const post = await readState(w);
    await checkInvariants(w, a, outcome, pre, post, ghost);
    pre = post;
  }
}
