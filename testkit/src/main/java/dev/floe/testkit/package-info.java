/**
 * Test helpers shared by the modules' tests: a real local chain ({@link dev.floe.testkit.AnvilNode},
 * {@link dev.floe.testkit.AnvilExtension}) and condition waits ({@link dev.floe.testkit.Await}).
 */
package dev.floe.testkit;
