import { expect } from "chai";
import { bridgeParams } from "../../scripts/chains/bridge-params";
import {
  confirmationsNeeded,
  halted,
  impaired,
  isDue,
  selectForBlock,
  sellToPrice,
  type BridgeMessage,
} from "../../scripts/chains/bridge-rules";
import { getAmountOut } from "../../scripts/sim/market-math";

const msg = (nonce: number, sourceBlock: number, sourceTime: number): BridgeMessage => ({
  direction: "out",
  nonce: BigInt(nonce),
  recipient: "0x1",
  amount: 1n,
  sourceBlock,
  sourceTime,
});

describe("chains/bridge-rules", () => {
  it("a message is due after delayBlocks source blocks and delaySeconds of the clock, both", () => {
    const p = bridgeParams({ delayBlocks: 3, delaySeconds: 40 });
    const m = msg(0, 10, 1000);
    expect(isDue(m, p, 1040, 12, 0)).to.equal(false);
    expect(isDue(m, p, 1039, 13, 0)).to.equal(false);
    expect(isDue(m, p, 1040, 13, 0)).to.equal(true);
  });

  it("delayed finality adds source blocks inside its window only", () => {
    const p = bridgeParams({ delayBlocks: 2, delayedFinality: { fromSec: 100, untilSec: 200, extraBlocks: 5 } });
    expect(confirmationsNeeded(p, 99)).to.equal(2);
    expect(confirmationsNeeded(p, 100)).to.equal(7);
    expect(confirmationsNeeded(p, 199)).to.equal(7);
    expect(confirmationsNeeded(p, 200)).to.equal(2);
    expect(impaired(p, 150)).to.equal(true);
    expect(halted(p, 150)).to.equal(false);
  });

  it("a block carries due messages oldest first, at most maxMessagesPerBlock, none while halted", () => {
    const p = bridgeParams({ delayBlocks: 1, maxMessagesPerBlock: 2, halt: { fromSec: 50, untilSec: 60 } });
    const waiting = [msg(5, 9, 0), msg(1, 3, 0), msg(2, 3, 0), msg(9, 20, 0)];
    expect(selectForBlock(waiting, p, 10, 10, 0).map((m) => m.nonce)).to.deep.equal([1n, 2n]);
    expect(selectForBlock(waiting, p, 10, 10, 55)).to.deep.equal([]);
    expect(selectForBlock(waiting, p, 10, 10, 60).map((m) => m.nonce)).to.deep.equal([1n, 2n]);
    expect(selectForBlock([msg(9, 20, 0)], p, 10, 20, 0)).to.deep.equal([]);
  });

  it("sellToPrice brings the pool's spot to the target and not further than one unit", () => {
    const R = 1_000n * 10n ** 18n;
    const Q = 2_000_000n * 10n ** 6n;
    // Target 1,560 USDC (6 decimals) per 1e18 units: 22% under 2,000.
    const num = 1_560n * 10n ** 6n;
    const den = 10n ** 18n;
    const x = sellToPrice(R, Q, 30, num, den);
    const out = getAmountOut(x, R, Q, 30);
    const spot = ((Q - out) * den) / (R + x);
    expect(spot <= num).to.equal(true);
    const outLess = getAmountOut(x - 10n ** 12n, R, Q, 30);
    expect(((Q - outLess) * den) / (R + x - 10n ** 12n) >= num).to.equal(true);
    expect(sellToPrice(R, Q, 30, 2_500n * 10n ** 6n, den)).to.equal(0n);
    expect(sellToPrice(0n, Q, 30, num, den)).to.equal(0n);
  });

  it("refuses impossible parameters, naming the field", () => {
    expect(() => bridgeParams({ maxMessagesPerBlock: 0 })).to.throw("maxMessagesPerBlock");
    expect(() => bridgeParams({ delayBlocks: 1.5 })).to.throw("delayBlocks");
    expect(() => bridgeParams({ depegDiscount: 1 })).to.throw("depegDiscount");
    expect(() => bridgeParams({ halt: { fromSec: 10, untilSec: 10 } })).to.throw("halt");
    expect(() => bridgeParams({ delayedFinality: { fromSec: 0, untilSec: 9, extraBlocks: 0 } })).to.throw(
      "extraBlocks",
    );
    expect(() => bridgeParams({ wrappedFeed: "spot" as never })).to.throw("wrappedFeed");
    expect(() => bridgeParams({ maxMintPerBlock: 0 })).to.throw("maxMintPerBlock");
  });
});
