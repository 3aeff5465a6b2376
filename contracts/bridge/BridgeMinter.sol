// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {BridgeMessage} from "./BridgeMessage.sol";
import {WrappedAsset} from "./WrappedAsset.sol";

/// @title BridgeMinter
/// @notice Remote-chain side of a lock-and-mint bridge: mints the wrapped asset for a lock relayed from the home
/// vault (once per lock), burns it for a release back home, and caps what may be minted in one block.
/// @dev A relayer is trusted for a message's content (no proof is checked); the per-block cap bounds what a faulty
/// or compromised relayer can mint unbacked in one block, and the guardian's halt stops minting altogether.
contract BridgeMinter is AccessControl {
    bytes32 public constant RELAYER_ROLE = keccak256("RELAYER_ROLE");
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    error ZeroAddress();
    error ZeroAmount();
    error AlreadyProcessed(bytes32 messageId);
    error BridgeHalted();
    error MintCapExceeded(uint256 mintedInBlock, uint256 amount, uint256 maxMintPerBlock);

    /// @notice A relayed lock minted here.
    event Minted(bytes32 indexed messageId, uint256 indexed homeNonce, address indexed recipient, uint256 amount);
    /// @notice A burn to be released on the home chain.
    event BurnedForRelease(uint256 indexed nonce, address indexed sender, address indexed recipient, uint256 amount);
    event HaltedSet(bool halted);
    event MaxMintPerBlockSet(uint256 maxMintPerBlock);

    WrappedAsset public immutable wrapped;
    uint256 public immutable homeChainId;
    address public immutable homeVault;

    /// @notice Most wrapped units mintable in one block (token units; 0 = no minting).
    uint256 public maxMintPerBlock;
    uint256 public mintedInBlock;
    uint256 public mintBlock;
    bool public halted;
    /// @notice Nonce the next burn gets.
    uint256 public nextNonce;
    mapping(bytes32 messageId => bool) public processed;

    /// @param homeChainId_ Chain id of the home chain; `homeVault` the BridgeVault there.
    /// @param maxMintPerBlock_ Per-block mint cap, wrapped token units.
    constructor(
        address admin,
        address relayer,
        uint256 homeChainId_,
        address homeVault_,
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        uint256 maxMintPerBlock_
    ) {
        if (admin == address(0) || relayer == address(0) || homeVault_ == address(0)) revert ZeroAddress();
        homeChainId = homeChainId_;
        homeVault = homeVault_;
        wrapped = new WrappedAsset(name_, symbol_, decimals_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, admin);
        _grantRole(RELAYER_ROLE, relayer);
        maxMintPerBlock = maxMintPerBlock_;
        emit MaxMintPerBlockSet(maxMintPerBlock_);
    }

    function setHalted(bool halted_) external onlyRole(GUARDIAN_ROLE) {
        halted = halted_;
        emit HaltedSet(halted_);
    }

    function setMaxMintPerBlock(uint256 cap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        maxMintPerBlock = cap;
        emit MaxMintPerBlockSet(cap);
    }

    /// @notice Mints the home vault's lock `homeNonce`; a second call for the same nonce reverts.
    function mint(uint256 homeNonce, address recipient, uint256 amount) external onlyRole(RELAYER_ROLE) {
        if (halted) revert BridgeHalted();
        if (recipient == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        bytes32 messageId = BridgeMessage.id(homeChainId, homeVault, homeNonce);
        if (processed[messageId]) revert AlreadyProcessed(messageId);
        uint256 already = mintBlock == block.number ? mintedInBlock : 0;
        if (already + amount > maxMintPerBlock) revert MintCapExceeded(already, amount, maxMintPerBlock);
        processed[messageId] = true;
        mintBlock = block.number;
        mintedInBlock = already + amount;
        wrapped.mint(recipient, amount);
        emit Minted(messageId, homeNonce, recipient, amount);
    }

    /// @notice Burns `amount` of the caller's wrapped asset to be released to `recipient` on the home chain.
    function burnForRelease(uint256 amount, address recipient) external returns (uint256 nonce) {
        if (halted) revert BridgeHalted();
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroAddress();
        nonce = nextNonce++;
        wrapped.burn(msg.sender, amount);
        emit BurnedForRelease(nonce, msg.sender, recipient, amount);
    }
}
