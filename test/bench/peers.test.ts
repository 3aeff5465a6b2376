import { expect } from "chai";
import { ethers } from "hardhat";
import type { Contract, Signer } from "ethers";
import { deployAaveV3, deployUniswapV2, uniswapPairInitCodeHash } from "../../scripts/bench/peers";

const USDC = (n: number) => BigInt(n) * 10n ** 6n;
const ETH = (n: number) => BigInt(n) * 10n ** 18n;
const on = (c: Contract, s: Signer) => c.connect(s) as Contract;

async function tokens() {
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  return { usdc, weth, usdcAddress: await usdc.getAddress(), wethAddress: await weth.getAddress() };
}

describe("bench peers (deployed from npm artifacts)", () => {
  it("Uniswap V2: Router02 adds liquidity to a fresh factory's pair and swaps exact-in", async () => {
    const [admin, trader] = await ethers.getSigners();
    const t = await tokens();
    const v2 = await deployUniswapV2(admin);
    // Router02 hard-codes the Pair's init-code hash; the npm Pair must produce it.
    const routerCode = await ethers.provider.getCode(await v2.router.getAddress());
    expect(routerCode).to.include(uniswapPairInitCodeHash().slice(2));
    const router = await v2.router.getAddress();
    for (const token of [t.usdc, t.weth]) {
      await token.mint(trader.address, ETH(1_000_000));
      await token.connect(trader).approve(router, ethers.MaxUint256);
    }
    await on(v2.router, trader).addLiquidity(
      t.wethAddress,
      t.usdcAddress,
      ETH(100),
      USDC(200_000),
      0,
      0,
      trader.address,
      2n ** 48n,
    );
    const pair = await v2.pair(t.wethAddress, t.usdcAddress);
    expect(await pair.totalSupply()).to.be.greaterThan(0n);
    const before = await t.usdc.balanceOf(trader.address);
    const [, out] = (await v2.router.getAmountsOut(ETH(1), [t.wethAddress, t.usdcAddress])) as bigint[];
    await on(v2.router, trader).swapExactTokensForTokens(
      ETH(1),
      out,
      [t.wethAddress, t.usdcAddress],
      trader.address,
      2n ** 48n,
    );
    expect((await t.usdc.balanceOf(trader.address)) - before).to.equal(out);
  });

  it("Aave v3: lists two reserves; supply, borrow against collateral, and liquidation after a price drop", async () => {
    const [admin, lender, borrower, keeper] = await ethers.getSigners();
    const t = await tokens();
    const aave = await deployAaveV3(admin, [
      { asset: t.usdc, decimals: 6, price: 10n ** 8n, borrowable: true },
      {
        asset: t.weth,
        decimals: 18,
        price: 2000n * 10n ** 8n,
        collateral: { ltv: 7500, liquidationThreshold: 8000, liquidationBonus: 10500 },
      },
    ]);
    const pool = await aave.pool.getAddress();
    for (const s of [lender, borrower, keeper]) {
      await t.usdc.mint(s.address, USDC(1_000_000));
      await t.weth.mint(s.address, ETH(100));
      await t.usdc.connect(s).approve(pool, ethers.MaxUint256);
      await t.weth.connect(s).approve(pool, ethers.MaxUint256);
    }
    await on(aave.pool, lender).supply(t.usdcAddress, USDC(100_000), lender.address, 0);
    await on(aave.pool, borrower).supply(t.wethAddress, ETH(10), borrower.address, 0);
    await on(aave.pool, borrower).borrow(t.usdcAddress, USDC(14_900), 2, 0, borrower.address);
    const data = (await aave.pool.getUserAccountData(borrower.address)) as bigint[];
    expect(data[0]).to.equal(20_000n * 10n ** 8n); // collateral in USD, 8 decimals
    await aave.setPrice(t.wethAddress, 1700n * 10n ** 8n);
    const hf = ((await aave.pool.getUserAccountData(borrower.address)) as bigint[])[5];
    expect(hf).to.be.lessThan(10n ** 18n);
    const wethBefore = await t.weth.balanceOf(keeper.address);
    await on(aave.pool, keeper).liquidationCall(t.wethAddress, t.usdcAddress, borrower.address, USDC(5_000), false);
    expect(await t.weth.balanceOf(keeper.address)).to.be.greaterThan(wethBefore);
  });
});
