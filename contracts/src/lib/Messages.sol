// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Walrus-format signed messages: header (intent u8, version u8 = 0, app id u8 = 3,
/// epoch u32 little-endian) followed by the body, without a length prefix.
library Messages {
    uint8 internal constant INTENT_PROOF_OF_POSSESSION = 0;
    uint8 internal constant INTENT_BLOB_CERT = 1;
    uint8 internal constant INTENT_INVALID_BLOB_ID = 2;
    /// A Floe extension (Walrus defines intents 0-6): a node failed its storage challenge.
    uint8 internal constant INTENT_STORAGE_CHALLENGE_FAILURE = 16;
    uint8 internal constant VERSION = 0;
    uint8 internal constant APP_ID = 3;
    uint256 internal constant HEADER_LENGTH = 7;

    /// The message is not the expected kind or has the wrong length.
    error InvalidMessage(uint8 intent, uint8 version, uint8 appId, uint256 length);

    /// Checks the header and length; returns the epoch.
    function checkHeader(bytes calldata message, uint8 intent, uint256 length) internal pure returns (uint32 epoch) {
        if (message.length < HEADER_LENGTH) revert InvalidMessage(0, 0, 0, message.length);
        uint8 i = uint8(message[0]);
        uint8 v = uint8(message[1]);
        uint8 a = uint8(message[2]);
        if (i != intent || v != VERSION || a != APP_ID || message.length != length) {
            revert InvalidMessage(i, v, a, message.length);
        }
        epoch = uint32(uint8(message[3])) | (uint32(uint8(message[4])) << 8) | (uint32(uint8(message[5])) << 16)
            | (uint32(uint8(message[6])) << 24);
    }

    /// @return the header bytes for `intent` at `epoch`
    function header(uint8 intent, uint32 epoch) internal pure returns (bytes memory) {
        return abi.encodePacked(
            intent, VERSION, APP_ID, uint8(epoch), uint8(epoch >> 8), uint8(epoch >> 16), uint8(epoch >> 24)
        );
    }
}
