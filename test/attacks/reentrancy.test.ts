import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld } from "../liquidation/fixtures";
import { FEED, USDC, ETH, expectConserved } from "../lending/fixtures";
import { hostileMarket } from "./hostileMarket";
import { poolFixture } from "../amm/fixtures";

describe("Attack: reentrancy through a hostile collateral token", () => {
  it("cannot borrow again from inside its own collateral withdrawal", async () => {
    const w = await loadFixture(hostileMarket);
    await w.pool.connect(w.attacker).repay(USDC(3_000), w.attacker.address); // room to withdraw 1 of 10
    const sharesBefore = await w.pool.borrowShares(w.attacker.address);
    const borrowAgain = w.pool.interface.encodeFunctionData("borrow", [
      USDC(1),
      w.attacker.address,
      w.attacker.address,
    ]);
    await w.token.setHook(w.pool, borrowAgain);
    await expect(
      w.pool.connect(w.attacker).withdrawCollateral(w.token, ETH(1), w.attacker.address, w.attacker.address),
    ).to.be.revertedWithCustomError(w.pool, "ReentrancyGuardReentrantCall");
    expect(await w.pool.collateralOf(w.attacker.address, w.token)).to.equal(ETH(10));
    expect(await w.pool.borrowShares(w.attacker.address)).to.equal(sharesBefore);
  });

  it("cannot withdraw collateral from inside a deposit's transferFrom", async () => {
    const w = await loadFixture(hostileMarket);
    await w.token.mint(w.attacker.address, ETH(1));
    const withdraw = w.pool.interface.encodeFunctionData("withdrawCollateral", [
      await w.token.getAddress(),
      ETH(10),
      w.attacker.address,
      w.attacker.address,
    ]);
    await w.token.setHook(w.pool, withdraw);
    await expect(
      w.pool.connect(w.attacker).depositCollateral(w.token, ETH(1), w.attacker.address),
    ).to.be.revertedWithCustomError(w.pool, "ReentrancyGuardReentrantCall");
  });

  it("cannot liquidate twice from inside the seized-collateral transfer", async () => {
    const w = await loadFixture(hostileMarket);
    await w.feed.setAnswer(FEED(1700)); // health 13,600 / 15,000
    const again = w.pool.interface.encodeFunctionData("liquidate", [
      w.attacker.address,
      await w.token.getAddress(),
      USDC(1_000),
      w.keeper.address,
      0n,
    ]);
    await w.token.setHook(w.pool, again);
    await expect(
      w.pool.connect(w.keeper).liquidate(w.attacker.address, w.token, USDC(1_000), w.keeper.address, 0n),
    ).to.be.revertedWithCustomError(w.pool, "ReentrancyGuardReentrantCall");
    await w.token.setHook(ethers.ZeroAddress, "0x");
    await expect(
      w.pool.connect(w.keeper).liquidate(w.attacker.address, w.token, USDC(1_000), w.keeper.address, 0n),
    ).to.emit(w.pool, "Liquidation");
    await expectConserved(w.m as never);
  });

  it("cannot take an auction twice from inside the collateral transfer of a take", async () => {
    const w = await loadFixture(hostileMarket);
    await w.feed.setAnswer(FEED(1700));
    await w.auctions.connect(w.keeper).kick(w.pool, w.attacker.address, w.token, w.keeper.address);
    const takeAgain = w.auctions.interface.encodeFunctionData("take", [
      1n,
      ETH(1),
      ethers.MaxUint256,
      w.keeper.address,
      "0x",
    ]);
    await w.token.setHook(w.auctions, takeAgain);
    await expect(
      w.auctions.connect(w.keeper).take(1n, ETH(1), ethers.MaxUint256, w.keeper.address, "0x"),
    ).to.be.revertedWithCustomError(w.auctions, "ReentrancyGuardReentrantCall");
    expect((await w.auctions.auction(1n)).collateral).to.equal(ETH(10));
  });
});

describe("Attack: reentrancy through auction and flash-swap callbacks", () => {
  it("a flash-take callee can neither kick, redo, nor reach the market's auction door", async () => {
    const w = await loadFixture(auctionWorld);
    await w.ethFeed.setAnswer(FEED(1700));
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const callee = await ethers.deployContract("HostileCallee");
    const calleeAddress = await callee.getAddress();
    const attempts: [string, string, "auctions" | "pool", string, unknown[]][] = [
      ["kick", await w.auctions.getAddress(), "auctions", "ReentrancyGuardReentrantCall", []],
      ["redo", await w.auctions.getAddress(), "auctions", "ReentrancyGuardReentrantCall", []],
      ["seizeForAuction", w.poolAddress, "pool", "NotAuctionLiquidator", [calleeAddress]],
      ["settleAuction", w.poolAddress, "pool", "NotAuctionLiquidator", [calleeAddress]],
      ["payKeeperIncentive", w.poolAddress, "pool", "NotAuctionLiquidator", [calleeAddress]],
    ];
    const calls: Record<string, string> = {
      kick: w.auctions.interface.encodeFunctionData("kick", [
        w.poolAddress,
        w.borrower.address,
        w.wethAddress,
        calleeAddress,
      ]),
      redo: w.auctions.interface.encodeFunctionData("redo", [1n, calleeAddress]),
      seizeForAuction: w.pool.interface.encodeFunctionData("seizeForAuction", [w.borrower.address, w.wethAddress, 1n]),
      settleAuction: w.pool.interface.encodeFunctionData("settleAuction", [0n, 0n, 0n, USDC(15_000)]),
      payKeeperIncentive: w.pool.interface.encodeFunctionData("payKeeperIncentive", [calleeAddress, USDC(1_000)]),
    };
    for (const [name, target, on, error, args] of attempts) {
      await callee.arm(target, calls[name]);
      const contract = on === "auctions" ? w.auctions : w.pool;
      await expect(w.auctions.connect(w.taker).take(1n, ETH(1), ethers.MaxUint256, calleeAddress, "0x01"))
        .to.be.revertedWithCustomError(contract, error)
        .withArgs(...args);
    }
    expect((await w.auctions.auction(1n)).collateral).to.equal(ETH(10));
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000));
  });

  it("a flash-swap callee cannot swap, sync or skim the AMM it is borrowing from", async () => {
    const { pool, token0 } = await loadFixture(poolFixture);
    const hostile = await ethers.deployContract("HostileCallee");
    const [owner] = await ethers.getSigners();
    for (const call of [
      pool.interface.encodeFunctionData("swap", [1n, 0n, owner.address, "0x"]),
      pool.interface.encodeFunctionData("sync"),
      pool.interface.encodeFunctionData("skim", [owner.address]),
    ]) {
      await hostile.arm(pool, call);
      const [reserve0] = await pool.getReserves();
      await expect(pool.swap(reserve0 / 100n, 0n, hostile, "0x01")).to.be.revertedWithCustomError(pool, "Locked");
    }
    expect(await token0.balanceOf(hostile)).to.equal(0n);
  });
});
