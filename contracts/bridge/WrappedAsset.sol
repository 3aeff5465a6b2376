// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title WrappedAsset
/// @notice The bridged representation of a home-chain token on a remote chain. Only its minter (the BridgeMinter that
/// deployed it) mints and burns, so its supply is exactly what the bridge has minted and not yet burned.
contract WrappedAsset is ERC20 {
    error NotMinter(address caller);

    address public immutable minter;
    uint8 private immutable _decimals;

    /// @param decimals_ The home token's decimals (one wrapped unit per locked unit).
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        minter = msg.sender;
        _decimals = decimals_;
    }

    modifier onlyMinter() {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        _;
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external onlyMinter {
        _mint(to, amount);
    }

    function burn(address from, uint256 amount) external onlyMinter {
        _burn(from, amount);
    }
}
