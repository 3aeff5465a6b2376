import { expect } from "chai";
import {
  DEFAULT_GC_ABOVE_MB,
  GC_STEP_MB,
  NativeMemoryGuard,
  collectGarbage,
  gcAboveMb,
} from "../../scripts/sim/native-memory";

describe("native memory guard (scripts/sim/native-memory.ts)", function () {
  it("reads its bound from CASCADE_GC_ABOVE_MB, MiB, 1,536 by default and 0 for off", function () {
    expect(gcAboveMb({})).to.equal(DEFAULT_GC_ABOVE_MB);
    expect(DEFAULT_GC_ABOVE_MB).to.equal(1536);
    expect(gcAboveMb({ CASCADE_GC_ABOVE_MB: "" })).to.equal(DEFAULT_GC_ABOVE_MB);
    expect(gcAboveMb({ CASCADE_GC_ABOVE_MB: "0" })).to.equal(0);
    expect(gcAboveMb({ CASCADE_GC_ABOVE_MB: "2048" })).to.equal(2048);
  });

  it("refuses a bound that is not a whole number of MiB in one line naming the variable", function () {
    for (const bad of ["-1", "1.5", "lots", "1e3x"]) {
      expect(() => gcAboveMb({ CASCADE_GC_ABOVE_MB: bad })).to.throw(
        `CASCADE_GC_ABOVE_MB: must be a whole number of MiB >= 0 (0 = off), got "${bad}"`,
      );
    }
  });

  it("collects what nothing references (a weakly held object is gone after collectGarbage)", async function () {
    let held: object | null = { payload: new Array(1000).fill(1) };
    const ref = new WeakRef(held);
    held = null;
    // A WeakRef keeps its target until the job that created it ends.
    await new Promise((resolve) => setImmediate(resolve));
    await collectGarbage();
    expect(ref.deref()).to.equal(undefined);
  });

  it("collects above its bound, then not again until resident memory grows by GC_STEP_MB", async function () {
    const guard = new NativeMemoryGuard(1); // 1 MiB: this process is always above it
    expect(await guard.check()).to.equal(true);
    expect(guard.collections).to.equal(1);
    expect(guard.ms).to.be.greaterThan(0);
    // Still above 1 MiB after the collection: the next one waits until resident memory has grown GC_STEP_MB.
    expect(await guard.check()).to.equal(false);
    expect(GC_STEP_MB).to.equal(128);
    expect(guard.collections).to.equal(1);
  });

  it("never collects with a bound of 0 (off) or below its bound", async function () {
    const off = new NativeMemoryGuard(0);
    const high = new NativeMemoryGuard(1024 * 1024); // 1 TiB
    expect(await off.check()).to.equal(false);
    expect(await high.check()).to.equal(false);
    expect(off.collections + high.collections).to.equal(0);
  });
});
