import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { Rng } from "../../../scripts/sim/random";
import { deployPerp, ETH, USD, expectConserved, movePool, setMark } from "./fixture";
import type { PerpFixture } from "./fixture";

/**
 * Random action sequences (seeded) against the market: after every action the accounting identities hold to the
 * wei, bad debt equals its cover plus what is uncovered, and every revert is one of the market's custom errors
 * (never a panic: no overflow, underflow or division by zero on any path). PERP_RANDOM_SEEDS / PERP_RANDOM_STEPS
 * lengthen the campaign.
 */
const SEEDS = Number(process.env.PERP_RANDOM_SEEDS ?? 3);
const STEPS = Number(process.env.PERP_RANDOM_STEPS ?? 40);

async function attempt(f: PerpFixture, send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (e) {
    const data = (e as { data?: string }).data;
    const parsed = data ? (f.market.interface.parseError(data) ?? f.feed.interface.parseError(data)) : null;
    if (!parsed) throw e; // a panic or an unknown revert fails the test
    return false;
  }
}

describe("PerpMarket: random action sequences", () => {
  const done = { opens: 0, liquidations: 0 };
  after(() => {
    // The campaign must reach the paths it claims to check.
    expect(done.opens).to.be.gt(0);
    expect(done.liquidations).to.be.gt(0);
  });
  for (let s = 0; s < SEEDS; s++) {
    it(`seed ${s}: conservation and recognised bad debt after every action, reverts only by custom errors`, async () => {
      const f = await deployPerp({ largePositionNotional: 30_000n * USD }, 2_000n * USD);
      const rng = new Rng(`perp-random-${s}`);
      const traders = [f.alice, f.bob, f.carol];
      let price = 2_000;
      for (let step = 0; step < STEPS; step++) {
        const action = rng.int(8);
        const ids = [...(await f.market.openPositionIds())];
        if (action <= 2) {
          const who = rng.choice(traders);
          const size = BigInt(Math.round(rng.uniformIn(0.2, 15) * 1e6)) * 10n ** 12n;
          const leverage = rng.uniformIn(2, 19);
          const margin = BigInt(Math.round(((Number(size) / 1e18) * price * 1.05) / leverage)) * USD;
          const isLong = rng.bernoulli(0.6);
          if (
            await attempt(f, () => f.market.connect(who).openPosition(isLong, size, margin, isLong ? 2n ** 255n : 0n))
          )
            done.opens++;
        } else if (action === 3 && ids.length > 0) {
          const id = rng.choice(ids);
          const p = await f.market.position(id);
          const signer = traders.find((t) => t.address === p.owner)!;
          if (rng.bernoulli(0.5))
            await attempt(f, () => f.market.connect(signer).closePosition(id, p.isLong ? 0n : 2n ** 255n));
          else await attempt(f, () => f.market.connect(signer).removeMargin(id, BigInt(rng.int(200) + 1) * USD));
        } else if (action === 4 && ids.length > 0) {
          await attempt(f, () => f.market.connect(f.keeper).addMargin(rng.choice(ids), BigInt(rng.int(300) + 1) * USD));
        } else if (action === 5) {
          price = Math.max(500, Math.round(price * rng.uniformIn(0.93, 1.06)));
          await movePool(f, BigInt(price) * USD);
          if (rng.bernoulli(0.8)) await setMark(f, BigInt(price) * 10n ** 8n);
        } else if (action === 6) {
          await time.increase(rng.int(120) + 1);
          await setMark(f, BigInt(price) * 10n ** 8n);
          await attempt(f, () => f.market.accrueFunding());
        } else {
          for (const id of ids) {
            if (!(await f.market.isLiquidatable(id))) continue;
            if (await attempt(f, () => f.market.connect(f.keeper).liquidate(id))) done.liquidations++;
          }
          const exposure = await f.market.backstopExposure();
          if (exposure !== 0n) await attempt(f, () => f.market.unwindBackstop(ETH, 0n, 2n ** 255n));
        }
        await expectConserved(f);
        expect(await f.market.badDebtTotal()).to.equal(
          (await f.market.badDebtCoveredByInsurance()) +
            (await f.market.badDebtCoveredByAdl()) +
            (await f.market.badDebtUncovered()),
        );
      }
    });
  }
});
