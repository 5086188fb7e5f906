/** The epoch keeper: calls the permissionless epoch transitions when they are due. */
package dev.floe.indexer.keeper;
