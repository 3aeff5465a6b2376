// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAuctionTakeCallee} from "../interfaces/IAuctionTakeCallee.sol";
import {IDutchAuctionLiquidator, AuctionView} from "../interfaces/IDutchAuctionLiquidator.sol";

/// @title TakeCallee
/// @notice Test receiver of flash takes. `data[0]`: 0 = record the call; 1 = reenter `take`.
contract TakeCallee is IAuctionTakeCallee {
    event Called(address taker, uint256 owe, uint256 collateral, uint256 collateralHeld);

    IDutchAuctionLiquidator public immutable auctions;

    constructor(IDutchAuctionLiquidator auctions_) {
        auctions = auctions_;
    }

    /// @notice Takes for itself without holding or approving the debt asset: the auction's pull must fail.
    function takeWithoutPaying(uint256 id, uint256 maxCollateral, uint256 maxPrice) external {
        auctions.take(id, maxCollateral, maxPrice, address(this), hex"00");
    }

    function onAuctionTake(address taker, uint256 owe, uint256 collateral, bytes calldata data) external {
        AuctionView memory a = auctions.auction(1);
        if (data[0] == 0x01) {
            auctions.take(1, 1, type(uint256).max, address(this), "");
        }
        emit Called(taker, owe, collateral, IERC20(a.asset).balanceOf(address(this)));
    }
}
