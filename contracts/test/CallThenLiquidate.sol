// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";

/// @title CallThenLiquidate
/// @notice Test-only: one call (a risk controller's `update()`, a parameter change) and a fixed-bonus liquidation in
/// the same transaction, paid from this contract's balance of the debt asset; the collateral goes to the caller.
/// The move of F1: bundle whatever lowers a threshold with the liquidation it enables.
contract CallThenLiquidate {
    using SafeERC20 for IERC20;

    function run(address target, bytes calldata data, ILendingPool pool, address borrower, address asset, uint256 repay)
        external
        returns (uint256 repaid, uint256 seized)
    {
        Address.functionCall(target, data);
        IERC20(pool.debtAsset()).forceApprove(address(pool), type(uint256).max);
        return pool.liquidate(borrower, asset, repay, msg.sender, 0);
    }
}
