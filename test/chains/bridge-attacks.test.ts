import { expect } from "chai";
import hre from "hardhat";
import { bridgeParams } from "../../scripts/chains/bridge-params";
import { bridgeLedger } from "../../scripts/chains/bridge-ledger";
import { ACCOUNT, deployBridgeWorld } from "../../scripts/chains/bridge-world";
import { ChainSet } from "../../scripts/chains/chain-set";
import { WrappedFeedUpdater } from "../../scripts/chains/wrapped-feed";
import { getAmountOut } from "../../scripts/sim/market-math";
import { TWO_CHAINS } from "./helpers";

const UNIT = 10n ** 18n;

/**
 * The attack pass: who can move each input of the bridged market (relayer, message, feed) and at what cost within
 * one block. The numbers in docs/cross-chain.md come from these runs.
 */
describe("bridge/attacks (one block)", () => {
  async function setup(wrappedFeed: "par" | "market") {
    const set = await ChainSet.create(hre, TWO_CHAINS, { setupSeconds: 200 });
    return deployBridgeWorld(set, bridgeParams({ maxMintPerBlock: 10, wrappedFeed }));
  }

  it("relayer key: mints unbacked wrapped units for gas only, at most maxMintPerBlock per block; the books show it", async () => {
    const w = await setup("par");
    const relayer = w.signers.remote[ACCOUNT.relayer];
    const mallory = w.signers.remote[ACCOUNT.firstUser];
    const minter = w.minter.connect(relayer);
    // Nonces 900 and 901 were never locked on the home chain.
    await minter.mint(900n, mallory.address, 10n * UNIT, { gasLimit: 200_000n });
    await minter.mint(901n, mallory.address, 1n, { gasLimit: 200_000n });
    await w.set.step();
    await w.set.step();
    expect(await w.wrapped.balanceOf(mallory.address)).to.equal(10n * UNIT);
    const l = await bridgeLedger(w);
    expect(l.conserved).to.equal(false);
    expect(l.wrappedSupply - l.vaultBalance).to.equal(10n * UNIT);
  });

  it("message: nobody but the relayer delivers; a delivered message cannot be delivered again", async () => {
    const w = await setup("par");
    const mallory = w.signers.remote[ACCOUNT.firstUser];
    await expect(w.minter.connect(mallory).mint.staticCall(0n, mallory.address, UNIT)).to.be.revertedWithCustomError(
      w.minter,
      "AccessControlUnauthorizedAccount",
    );
    // Setup delivered home nonce 0; the relayer itself cannot deliver it again.
    await expect(
      w.minter.connect(w.signers.remote[ACCOUNT.relayer]).mint.staticCall(0n, mallory.address, UNIT),
    ).to.be.revertedWithCustomError(w.minter, "AlreadyProcessed");
  });

  it("feed: a trader moves the market feed 22% for the AMM's round-trip loss; the par feed does not move", async () => {
    for (const mode of ["market", "par"] as const) {
      const w = await setup(mode);
      const feed = new WrappedFeedUpdater(w);
      const trader = w.signers.remote[ACCOUNT.trader];
      const [r0, r1] = await w.amm.getReserves();
      const wrappedIs0 = (await w.amm.token0()) === (await w.wrapped.getAddress());
      const [rw, rs] = wrappedIs0 ? [r0, r1] : [r1, r0];
      // Sell 130 bETH (of a 1,000 bETH pool): spot 2,000 -> about 1,560 (-22%).
      const sell = 130n * UNIT;
      const out = getAmountOut(sell, rw, rs, 30);
      const before = await feed.answer();
      const deadline = w.set.now + 3_600;
      const router = w.router.connect(trader);
      await router.swapExactTokensForTokens(
        await w.amm.getAddress(),
        await w.wrapped.getAddress(),
        sell,
        0n,
        trader.address,
        deadline,
        { gasLimit: 250_000n },
      );
      await w.set.step();
      const moved = await feed.answer();
      // Buy back with everything the sale brought: the round trip's loss is what the move cost.
      const back = getAmountOut(out, rs - out, rw + sell, 30);
      await router.swapExactTokensForTokens(
        await w.amm.getAddress(),
        await w.stable.getAddress(),
        out,
        0n,
        trader.address,
        deadline,
        { gasLimit: 250_000n },
      );
      await w.set.step();
      const lossUnits = sell - back;
      if (mode === "market") {
        expect(Number(moved) / Number(before)).to.be.within(0.77, 0.79);
        // Two 0.3% fees on the round trip: 0.69 bETH (about 1,380 USDC at par) to show a 22% lower price for a block.
        expect(Number(lossUnits) / 1e18).to.be.within(0.6, 0.8);
      } else {
        expect(moved).to.equal(before);
      }
      expect(await w.wrapped.balanceOf(trader.address)).to.equal(2_000n * UNIT - lossUnits);
    }
  });
});
