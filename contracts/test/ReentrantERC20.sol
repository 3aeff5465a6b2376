// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantERC20
/// @notice Hostile test token: on every transfer (not mints) it calls `hookTarget` with `hookData` once, and bubbles
/// up the revert if that call fails. Listed as collateral, it tries to re-enter a market or an auction while they
/// move its tokens. Tests only.
contract ReentrantERC20 is ERC20 {
    address public hookTarget;
    bytes public hookData;
    bool private _inHook;

    constructor() ERC20("Reentrant", "REENT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook (target zero disarms it).
    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from == address(0) || hookTarget == address(0) || _inHook) return;
        _inHook = true;
        Address.functionCall(hookTarget, hookData);
        _inHook = false;
    }
}
