// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {CollateralConfig} from "../interfaces/ILendingPool.sol";
import {AuctionView} from "../interfaces/IDutchAuctionLiquidator.sol";

/// @notice The LendingPool getters the fuzzer reads (public storage, not accrued to now).
interface IFuzzedPool {
    function totalSupplyAssets() external view returns (uint256);
    function totalSupplyShares() external view returns (uint256);
    function totalBorrowAssets() external view returns (uint256);
    function totalBorrowShares() external view returns (uint256);
    function reserves() external view returns (uint256);
    function debtInAuction() external view returns (uint256);
    function totalBadDebt() external view returns (uint256);
    function totalCollateral(address asset) external view returns (uint256);
    function supplyShares(address account) external view returns (uint256);
    function borrowShares(address account) external view returns (uint256);
    function collateralOf(address account, address asset) external view returns (uint256);
    function healthFactor(address account) external view returns (uint256);
    function collateralConfig(address asset) external view returns (CollateralConfig memory);
}

/// @notice The DutchAuctionLiquidator views the fuzzer reads.
interface IFuzzedAuctions {
    function debtInAuctions(address market) external view returns (uint256);
    function assetDebtInAuctions(address market, address asset) external view returns (uint256);
    function activeAuctions() external view returns (AuctionView[] memory);
}

/// @notice The ConstantProductPool views the fuzzer reads.
interface IFuzzedAmm {
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function token0() external view returns (address);
}

/// @title FuzzStateReader
/// @notice Test helper for the invariant fuzzer (test/invariants/runner.ts): reads the whole fuzzed world in one
/// call instead of ~110 separate calls a step. It only calls the same views the fuzzer read one by one, so a step
/// sees exactly the same state. The layout of the returned words is documented at `read` and decoded by `readState`.
contract FuzzStateReader {
    /// @notice The contracts of the fuzzed world.
    struct World {
        IFuzzedPool pool;
        IFuzzedAuctions auctions;
        IFuzzedAmm amm;
        IERC20 usdc;
        IERC20 weth;
        IERC20 wbtc;
        AggregatorV3Interface ethFeed;
        AggregatorV3Interface btcFeed;
        address trader;
    }

    /// @dev Words before the accounts.
    uint256 private constant HEAD = 34;
    /// @dev Words per account: supply shares, borrow shares, WETH and WBTC collateral, health, USDC/WETH/WBTC wallet.
    uint256 private constant PER_ACCOUNT = 8;
    /// @dev Words per active auction: the ten fields of `AuctionView`, in order.
    uint256 private constant PER_AUCTION = 10;

    /// @notice The state as words: 24 market, auction and AMM figures (the AMM's two reserves as two words), the WETH
    /// feed's round and answer, the WBTC feed's answer, (ltv, threshold, bonus) of WETH then WBTC, 1 if WETH is the
    /// AMM's token0 (34 words); then each account's 8 words; then the number of active auctions and their 10 words
    /// each. Feed answers are positive in the fuzzed world (the fuzzer never reports less than 1).
    function read(World calldata w, address[] calldata actors) external view returns (uint256[] memory out) {
        AuctionView[] memory lots = w.auctions.activeAuctions();
        out = new uint256[](HEAD + actors.length * PER_ACCOUNT + 1 + lots.length * PER_AUCTION);
        _head(w, out);
        uint256 at = HEAD;
        for (uint256 i; i < actors.length; ++i) {
            at = _account(w, actors[i], out, at);
        }
        out[at++] = lots.length;
        for (uint256 i; i < lots.length; ++i) {
            AuctionView memory a = lots[i];
            out[at++] = a.id;
            out[at++] = uint160(a.market);
            out[at++] = uint160(a.borrower);
            out[at++] = uint160(a.asset);
            out[at++] = a.debtToRaise;
            out[at++] = a.collateral;
            out[at++] = a.startPrice;
            out[at++] = a.startTime;
            out[at++] = a.price;
            out[at++] = a.needsReset ? 1 : 0;
        }
    }

    function _head(World calldata w, uint256[] memory out) private view {
        IFuzzedPool pool = w.pool;
        out[0] = w.usdc.balanceOf(address(pool));
        out[1] = pool.totalSupplyAssets();
        out[2] = pool.totalSupplyShares();
        out[3] = pool.totalBorrowAssets();
        out[4] = pool.totalBorrowShares();
        out[5] = pool.reserves();
        out[6] = pool.debtInAuction();
        out[7] = pool.totalBadDebt();
        out[8] = pool.totalCollateral(address(w.weth));
        out[9] = pool.totalCollateral(address(w.wbtc));
        out[10] = w.weth.balanceOf(address(pool));
        out[11] = w.wbtc.balanceOf(address(pool));
        out[12] = w.weth.balanceOf(address(w.auctions));
        out[13] = w.wbtc.balanceOf(address(w.auctions));
        out[14] = w.usdc.balanceOf(address(w.auctions));
        out[15] = w.auctions.debtInAuctions(address(pool));
        out[16] = w.auctions.assetDebtInAuctions(address(pool), address(w.weth));
        out[17] = w.auctions.assetDebtInAuctions(address(pool), address(w.wbtc));
        (uint112 r0, uint112 r1,) = w.amm.getReserves();
        out[18] = r0;
        out[19] = r1;
        out[20] = IERC20(address(w.amm)).totalSupply();
        out[21] = w.weth.balanceOf(address(w.amm));
        out[22] = w.usdc.balanceOf(address(w.amm));
        out[23] = IERC20(address(w.amm)).balanceOf(w.trader);
        (uint80 round, int256 ethAnswer,,,) = w.ethFeed.latestRoundData();
        (, int256 btcAnswer,,,) = w.btcFeed.latestRoundData();
        out[24] = round;
        out[25] = uint256(ethAnswer);
        out[26] = uint256(btcAnswer);
        _config(pool.collateralConfig(address(w.weth)), out, 27);
        _config(pool.collateralConfig(address(w.wbtc)), out, 30);
        out[HEAD - 1] = w.amm.token0() == address(w.weth) ? 1 : 0;
    }

    function _config(CollateralConfig memory c, uint256[] memory out, uint256 at) private pure {
        out[at] = c.ltv;
        out[at + 1] = c.liquidationThreshold;
        out[at + 2] = c.liquidationBonusBps;
    }

    function _account(World calldata w, address s, uint256[] memory out, uint256 at) private view returns (uint256) {
        IFuzzedPool pool = w.pool;
        out[at] = pool.supplyShares(s);
        out[at + 1] = pool.borrowShares(s);
        out[at + 2] = pool.collateralOf(s, address(w.weth));
        out[at + 3] = pool.collateralOf(s, address(w.wbtc));
        // Without debt shares the health factor is max uint (ILendingPool.healthFactor); only positions with debt are
        // read, which halves the call's cost (the fuzzer uses the health of positions with debt only).
        out[at + 4] = out[at + 1] == 0 ? type(uint256).max : pool.healthFactor(s);
        out[at + 5] = w.usdc.balanceOf(s);
        out[at + 6] = w.weth.balanceOf(s);
        out[at + 7] = w.wbtc.balanceOf(s);
        return at + PER_ACCOUNT;
    }
}
