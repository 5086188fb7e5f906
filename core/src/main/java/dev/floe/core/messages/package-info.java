/**
 * Signed protocol messages in the Walrus format (intent header, epoch, body), signed messages and
 * committee certificates.
 */
package dev.floe.core.messages;
