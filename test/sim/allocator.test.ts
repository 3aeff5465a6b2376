import { expect } from "chai";
import { spawnSync } from "node:child_process";
import {
  FAST_ALLOCATOR_MAX_BORROWERS,
  FAST_PURGE_DELAY_MS,
  purgeDelayFor,
  startedWithPurgeDelay,
  useAllocatorFor,
  userPurgeDelay,
} from "../../scripts/sim/allocator";

/** The options mimalloc reports when the network's library loads in a fresh process with `env`. */
function loadedOptions(env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, ["-e", 'require("@nomicfoundation/edr")'], {
    env: { ...env, MIMALLOC_VERBOSE: "1" },
    encoding: "utf8",
  });
  return r.stderr;
}

describe("network allocator (scripts/sim/allocator.ts)", function () {
  it("keeps freed pages 1 s in worlds up to 3,000 borrowers and leaves mimalloc's default above", function () {
    expect(FAST_ALLOCATOR_MAX_BORROWERS).to.equal(3000);
    expect(purgeDelayFor(60)).to.equal(FAST_PURGE_DELAY_MS);
    expect(purgeDelayFor(3000)).to.equal(1000);
    expect(purgeDelayFor(3001)).to.equal(null);
  });

  it("sets MIMALLOC_PURGE_DELAY for the world's size unless the process started with its own", function () {
    const env: NodeJS.ProcessEnv = {};
    useAllocatorFor(60, env);
    if (startedWithPurgeDelay() !== undefined) return expect(env).to.deep.equal({});
    expect(env.MIMALLOC_PURGE_DELAY).to.equal("1000");
    // A process started from this one inherits the lab's value and marker: it still chooses for its own world.
    expect(userPurgeDelay(env)).to.equal(undefined);
    useAllocatorFor(5000, env);
    expect(env).to.deep.equal({});
    // A value set by the user (no marker, or another value than the marker) is theirs.
    expect(userPurgeDelay({ MIMALLOC_PURGE_DELAY: "50" })).to.equal("50");
    expect(userPurgeDelay({ MIMALLOC_PURGE_DELAY: "50", CASCADE_LAB_PURGE_DELAY: "1000" })).to.equal("50");
  });

  it("reaches the network's allocator: mimalloc loads with the delay the lab sets", function () {
    const small: NodeJS.ProcessEnv = { ...process.env };
    delete small.MIMALLOC_PURGE_DELAY;
    const large = { ...small };
    useAllocatorFor(60, small);
    useAllocatorFor(5000, large);
    if (startedWithPurgeDelay() !== undefined) this.skip();
    expect(loadedOptions(small)).to.match(/option 'purge_delay': 1000\b/);
    expect(loadedOptions(large)).to.match(/option 'purge_delay': 10\b/);
  });
});
