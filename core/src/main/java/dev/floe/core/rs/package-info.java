/**
 * RS2: the Reed-Solomon erasure code of Walrus, byte-exact with the Rust crate reed-solomon-simd
 * 3.1.0 (Leopard-RS lineage: GF(2^16) in the Cantor basis, additive FFT of Lin, Chung and Han).
 *
 * <p>{@link dev.floe.core.rs.ReedSolomon} is the only entry point. Encoding places the originals
 * and recovery shards at field positions chosen by the {@link dev.floe.core.rs.Rate} (high or low,
 * picked the way the crate's {@code DefaultRate} does) and evaluates the interpolating polynomial
 * with truncated FFTs; decoding is the O(n log n) error-locator method (two Walsh transforms for
 * the locator, then IFFT, formal derivative and FFT). The golden vectors of the crate are checked
 * in {@code ReedSolomonVectorsTest}.
 *
 * <p>Inside, work is done on strips: column ranges of field elements across all shards, sized to
 * stay in the L2 cache, with each row split into a low-byte and a high-byte plane. Batch calls
 * put the elements of many small codewords side by side in one strip, so one transform serves
 * hundreds of codewords. Two engines implement the row operations: a portable scalar one, and a
 * Vector API one that multiplies by a constant with 4-bit lookup tables and byte shuffles (the
 * crate's SIMD method), used when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 * Vector API code is very slow until C2 compiles it, so a daemon thread warms the vector engine up
 * once per JVM and calls use the scalar engine until then ({@link
 * dev.floe.core.rs.ReedSolomon#warmUp} waits for it). Both engines give identical bytes.
 */
package dev.floe.core.rs;
