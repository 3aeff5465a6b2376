import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { hostileMarket } from "../attacks/hostileMarket";
import { USDC, ETH } from "./fixtures";

/**
 * Every guarded entry point of the market refuses a call made from inside another: the hostile collateral token
 * calls back while a deposit moves it. The token is also wired as the auction liquidator, so that the door's calls
 * pass their access check and only the reentrancy guard stands in their way.
 */
async function armedMarket() {
  const w = await hostileMarket();
  await w.pool.setAuctionLiquidator(w.token);
  await w.token.mint(w.attacker.address, ETH(5));
  return w;
}
type World = Awaited<ReturnType<typeof armedMarket>>;

const reentries = (w: World, token: string) => {
  const pool = w.pool.interface;
  const attacker = w.attacker.address;
  return [
    ["supply", pool.encodeFunctionData("supply", [USDC(1), attacker])],
    ["withdraw", pool.encodeFunctionData("withdraw", [USDC(1), attacker, attacker])],
    ["repay", pool.encodeFunctionData("repay", [USDC(1), attacker])],
    ["realizeBadDebt", pool.encodeFunctionData("realizeBadDebt", [attacker])],
    ["seizeForAuction", pool.encodeFunctionData("seizeForAuction", [attacker, token, USDC(1_000)])],
    ["settleAuction", pool.encodeFunctionData("settleAuction", [0n, 0n, 0n, 0n])],
    ["payKeeperIncentive", pool.encodeFunctionData("payKeeperIncentive", [attacker, 0n])],
  ] as const;
};

describe("LendingPool: reentrancy guards on every state-changing entry point", () => {
  for (const name of [
    "supply",
    "withdraw",
    "repay",
    "realizeBadDebt",
    "seizeForAuction",
    "settleAuction",
    "payKeeperIncentive",
  ]) {
    it(`${name} cannot be entered from inside a collateral deposit`, async () => {
      const w = await loadFixture(armedMarket);
      const token = await w.token.getAddress();
      const data = reentries(w, token).find(([n]) => n === name)![1];
      await w.token.setHook(w.pool, data);
      const shares = await w.pool.borrowShares(w.attacker.address);
      await expect(
        w.pool.connect(w.attacker).depositCollateral(token, ETH(5), w.attacker.address),
      ).to.be.revertedWithCustomError(w.pool, "ReentrancyGuardReentrantCall");
      expect(await w.pool.collateralOf(w.attacker.address, token)).to.equal(ETH(10));
      expect(await w.pool.borrowShares(w.attacker.address)).to.equal(shares);
      // Disarmed, the same deposit goes through.
      await w.token.setHook(ethers.ZeroAddress, "0x");
      await w.pool.connect(w.attacker).depositCollateral(token, ETH(5), w.attacker.address);
      expect(await w.pool.collateralOf(w.attacker.address, token)).to.equal(ETH(15));
    });
  }
});
