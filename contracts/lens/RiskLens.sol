// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILendingPool, AccountState} from "../interfaces/ILendingPool.sol";
import {WAD} from "../libraries/MathLib.sol";

/// @title RiskLens
/// @notice Batch views over a lending market for keepers and reports: one call for many accounts.
/// @dev Stateless; every figure comes from the market's own views, so it rounds as the market does. Staleness is
/// not checked (the market's views do not), so keepers see positions even while the oracle is late.
contract RiskLens {
    error LengthMismatch(uint256 targets, uint256 data);

    struct Liquidatable {
        address account;
        uint256 healthFactor;
        uint256 debt;
        /// @dev The collateral whose liquidation repays the most right now.
        address asset;
        uint256 maxRepay;
        uint256 collateralOut;
    }

    struct MarketTotals {
        uint256 supplied;
        uint256 borrowed;
        uint256 reserves;
        uint256 debtInAuction;
        uint256 badDebt;
        /// @dev borrowed / supplied, WAD.
        uint256 utilization;
        /// @dev What lenders could withdraw now: supplied - borrowed - debt in auction.
        uint256 availableLiquidity;
    }

    function healthFactors(ILendingPool pool, address[] calldata accounts) external view returns (uint256[] memory hf) {
        return pool.healthFactorsOf(accounts);
    }

    function accountStates(ILendingPool pool, address[] calldata accounts)
        external
        view
        returns (AccountState[] memory states)
    {
        states = new AccountState[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            states[i] = pool.accountState(accounts[i]);
        }
    }

    /// @notice The accounts below health 1 among `accounts`, each with the best single liquidation available now.
    function liquidatable(ILendingPool pool, address[] calldata accounts)
        external
        view
        returns (Liquidatable[] memory found)
    {
        address[] memory assets = pool.collateralAssets();
        Liquidatable[] memory all = new Liquidatable[](accounts.length);
        uint256 count;
        // One batched read filters the healthy (prices read once); only the liquidatable are looked at closely.
        uint256[] memory healths = pool.healthFactorsOf(accounts);
        for (uint256 i; i < accounts.length; ++i) {
            if (healths[i] >= WAD) continue;
            AccountState memory s = pool.accountState(accounts[i]);
            Liquidatable memory entry = all[count];
            entry.account = accounts[i];
            entry.healthFactor = s.healthFactor;
            entry.debt = s.debt;
            for (uint256 j; j < assets.length; ++j) {
                (uint256 repaid, uint256 seized) = pool.previewLiquidation(accounts[i], assets[j], type(uint256).max);
                if (repaid > entry.maxRepay) {
                    entry.asset = assets[j];
                    entry.maxRepay = repaid;
                    entry.collateralOut = seized;
                }
            }
            ++count;
        }
        found = new Liquidatable[](count);
        for (uint256 i; i < count; ++i) {
            found[i] = all[i];
        }
    }

    /// @notice `previewLiquidation(account, asset, max)` for each account: what a liquidation could repay and would
    /// seize right now ((0, 0) when not liquidatable). One call for a keeper's whole candidate list.
    function previews(ILendingPool pool, address asset, address[] calldata accounts)
        external
        view
        returns (uint256[] memory repay, uint256[] memory seized)
    {
        repay = new uint256[](accounts.length);
        seized = new uint256[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            (repay[i], seized[i]) = pool.previewLiquidation(accounts[i], asset, type(uint256).max);
        }
    }

    /// @notice Raw position data for indexers: each account's collateral of `asset` and its debt shares.
    function rawPositions(ILendingPool pool, address asset, address[] calldata accounts)
        external
        view
        returns (uint256[] memory collateral, uint256[] memory debtShares)
    {
        collateral = new uint256[](accounts.length);
        debtShares = new uint256[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            collateral[i] = pool.collateralOf(accounts[i], asset);
            debtShares[i] = pool.borrowShares(accounts[i]);
        }
    }

    /// @notice Several view calls in one: `data[i]` sent to `targets[i]` with staticcall, each call's return data as
    /// it came back. Any failure reverts with that call's own revert data. Lets an observer read a market's state
    /// (totals, configuration, AMM reserves, feed rounds) at one block in one eth_call; the callee sees this lens as
    /// `msg.sender`, so it is only for views that do not depend on the caller.
    function reads(address[] calldata targets, bytes[] calldata data) external view returns (bytes[] memory results) {
        if (targets.length != data.length) revert LengthMismatch(targets.length, data.length);
        results = new bytes[](targets.length);
        for (uint256 i; i < targets.length; ++i) {
            (bool ok, bytes memory ret) = targets[i].staticcall(data[i]);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
            results[i] = ret;
        }
    }

    function marketTotals(ILendingPool pool) external view returns (MarketTotals memory t) {
        (t.supplied, t.borrowed, t.reserves, t.debtInAuction, t.badDebt) = pool.totals();
        t.utilization = t.supplied == 0 ? 0 : t.borrowed * WAD / t.supplied;
        uint256 out = t.borrowed + t.debtInAuction;
        t.availableLiquidity = t.supplied > out ? t.supplied - out : 0;
    }
}
