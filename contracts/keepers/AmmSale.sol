// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";
import {ConstantProductLibrary} from "../amm/ConstantProductLibrary.sol";

/// @title AmmSale
/// @notice What the keepers' liquidate-and-sell contracts (AtomicLiquidator on the lab's market, AdapterLiquidator on
/// any protocol's) share: the check that an AMM trades the two assets, and the sale of seized collateral into it.
/// @dev Internal only: each contract keeps its own entry point, event and settlement.
abstract contract AmmSale {
    using SafeERC20 for IERC20;

    /// @notice The sale brought back `proceeds`, less than the repayment plus the caller's minimum profit.
    error InsufficientProceeds(uint256 proceeds, uint256 required);
    /// @notice `amm` does not trade `debtAsset` against `collateralAsset`.
    error PairMismatch(address amm, address debtAsset, address collateralAsset);

    /// @dev Exact-input sale at the pool's current reserves (the pool's own rounding: output rounded down).
    function _sell(IConstantProductPool amm, IERC20 tokenIn, uint256 amountIn, bool inIsToken0)
        internal
        returns (uint256 out)
    {
        if (amountIn == 0) return 0;
        (uint112 r0, uint112 r1,) = amm.getReserves();
        (uint256 reserveIn, uint256 reserveOut) = inIsToken0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        out = ConstantProductLibrary.getAmountOut(amountIn, reserveIn, reserveOut, amm.feeBps());
        tokenIn.safeTransfer(address(amm), amountIn);
        amm.swap(inIsToken0 ? 0 : out, inIsToken0 ? out : 0, address(this), "");
    }

    /// @dev Whether `collateralAsset` is `amm`'s token0; reverts `PairMismatch` unless it trades the two assets.
    function _checkPair(IConstantProductPool amm, address debtAsset, address collateralAsset)
        internal
        view
        returns (bool collateralIsToken0)
    {
        address t0 = amm.token0();
        address t1 = amm.token1();
        if (t0 == collateralAsset && t1 == debtAsset) return true;
        if (t0 == debtAsset && t1 == collateralAsset) return false;
        revert PairMismatch(address(amm), debtAsset, collateralAsset);
    }
}
