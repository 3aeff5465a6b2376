// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";

/// @title MultiLiquidator
/// @notice Test-only: several fixed-bonus liquidations in one transaction (hence one block), paid from this
/// contract's own balance of the debt asset; the collateral goes to the caller. Used to test per-block throttles.
contract MultiLiquidator {
    using SafeERC20 for IERC20;

    function liquidateMany(ILendingPool pool, address[] calldata borrowers, address asset, uint256[] calldata amounts)
        external
    {
        IERC20(pool.debtAsset()).forceApprove(address(pool), type(uint256).max);
        for (uint256 i; i < borrowers.length; ++i) {
            pool.liquidate(borrowers[i], asset, amounts[i], msg.sender, 0);
        }
    }
}
