/**
 * The node's keys: the protocol key that signs storage confirmations and attestations ({@link
 * dev.floe.node.keys.NodeSigner}), loaded from encrypted keystore files with a password from a file
 * or an environment variable, and the secret challenge key derived one-way from it that draws the
 * node's storage-challenge picks. Key material never reaches logs, exceptions or {@code toString()}.
 */
package dev.floe.node.keys;
