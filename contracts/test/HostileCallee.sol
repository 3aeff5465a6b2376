// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IAuctionTakeCallee} from "../interfaces/IAuctionTakeCallee.sol";
import {IUniswapV2Callee} from "../interfaces/IConstantProductPool.sol";

/// @title HostileCallee
/// @notice Hostile flash-take and flash-swap receiver: inside the callback it calls `strikeTarget` with `strikeData` (set
/// beforehand) and bubbles up the revert. Used to try re-entering the auction, the market and the AMM from their
/// own callbacks. Tests only.
contract HostileCallee is IAuctionTakeCallee, IUniswapV2Callee {
    address public strikeTarget;
    bytes public strikeData;

    function arm(address target_, bytes calldata data_) external {
        strikeTarget = target_;
        strikeData = data_;
    }

    function onAuctionTake(address, uint256, uint256, bytes calldata) external {
        _strike();
    }

    function uniswapV2Call(address, uint256, uint256, bytes calldata) external {
        _strike();
    }

    function _strike() private {
        Address.functionCall(strikeTarget, strikeData);
    }
}
