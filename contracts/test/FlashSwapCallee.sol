// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IConstantProductPool, IUniswapV2Callee} from "../interfaces/IConstantProductPool.sol";

/// @title FlashSwapCallee
/// @notice Test flash-swap receiver. `data` = abi.encode(repay0, repay1, reenter): it pays `repay0`/`repay1` of
/// token0/token1 back to the calling pool from its own balance, and if `reenter` calls the pool's `sync` first.
/// @dev Test only: a real callee must check that msg.sender is a genuine pool and `sender` is itself.
contract FlashSwapCallee is IUniswapV2Callee {
    using SafeERC20 for IERC20;

    event FlashCallback(address indexed pool, address sender, uint256 amount0, uint256 amount1);

    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external {
        (uint256 repay0, uint256 repay1, bool reenter) = abi.decode(data, (uint256, uint256, bool));
        IConstantProductPool pool = IConstantProductPool(msg.sender);
        emit FlashCallback(msg.sender, sender, amount0, amount1);
        if (reenter) pool.sync();
        if (repay0 > 0) IERC20(pool.token0()).safeTransfer(msg.sender, repay0);
        if (repay1 > 0) IERC20(pool.token1()).safeTransfer(msg.sender, repay1);
    }
}
