package dev.floe.core.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.merkle.MerkleTree;
import dev.floe.core.merkle.Node;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors dumped from upstream Walrus for the 33-byte blob "walrus blob id v1 regression
 * test" at 10 shards: the BCS {@code BlobMetadataWithId} a node serves, and the BCS of every
 * primary and secondary sliver. They pin this package's BCS layout, Merkle rules and blob ID
 * derivation without any Reed-Solomon code: the rows and columns whose expanded symbols all appear
 * in the dumped slivers are hashed here directly.
 */
class WalrusMetadataVectorTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final int N = 10;
  private static final int SYMBOL = 2;

  private static final String METADATA_WITH_ID =
      "45c53cd8cc1ff82164bf52da23fdaa72900dc29194b86dd33309d5cd9c43da46"
          + "000121000000000000000a"
          + "01e72fef473a7821fd33d556b2c2cee51481e6198fbccc8904232ae517c25b507f"
          + "013e97b1aacf9199e3d46a777da0c6026de6aede8aeb509e53a5df0b01a5beacd2"
          + "0155d5a58919276c90651042b0ec1d0d35bb1b2a929f2fa95e085989425242ee09"
          + "01c810d14be2ecb4f867ef6fb570e3d1510d4f95134e4954508f729d650756fc9c"
          + "01eeab527996463b162b6f2a28f21f93ac8a1a7ef6c20b0a80acc7ad31da1a2a13"
          + "01a28c1e22da86bd81a26deb87e57b0bb7227ed15cdb2dc147966bc74f17fe455d"
          + "01db58f368d9bc3234adaa423ddfadfc96debcfa47a72d873ecb8f5207c1b6938c"
          + "019ef0a0181da2557942b107108474b195740449a1d5c46b8e0fd553754b1a4979"
          + "014b86fc43d2e66fd8b19608c610f60ec3966ea6e586ad2ec2db597867df87dc27"
          + "013c9195499393d232a46dce52406e3b3ab73175280daf5d9dd3d6457de88162d5"
          + "01c5b7e89da87885932d161b77ca23a1958c4cdb293accbc74ab41e181896468af"
          + "019f20dcfe4fbbc9d5598960d88001c90b0233a73114de7bd8282be45ef9346c9a"
          + "01a43f04e88e194a04165ec3f1296ade9231306cbff75e2836f8aae574e93b44ec"
          + "01d239ba8556f4092d9367863e3c5b92b224f1013071b777ad714e1f5cbe23d4ab"
          + "018a77eefce6034ba2b0a4b42a794b4d079172414988c1a8c3caa66d16050c1249"
          + "014a4047f09ff8984e745f5878aa2d2ffe16f35e1b2c3d86c012c21acb99c5cc89"
          + "0172393788b3b8ff581ac6b69c49c317620fb8c20b1b0b2b878a2b076d3cf587c6"
          + "018357bc92f074ffcaece752250433589806684212ba5697cfb2f37a8bd993bde7"
          + "0125dfa6027b65405b4173b0a6e6c1cbe2178a4418bdf0175dc2c37dbd75df196d"
          + "018d78c10ebb5bccc04da95cfab8b0abdfd332f24c265a1a4d953355c99cecde7d";

  /** BCS {@code SliverData}: ULEB length, 7 symbols of 2 bytes, u16 symbol size, u16 index. */
  private static final String[] PRIMARY_SLIVERS = {
    "0e77616c72757320626c6f6220696402000000",
    "0e2076312072656772657373696f6e02000100",
    "0e207465737400000000000000000002000200",
    "0e000000000000000000000000000002000300",
    "0ecdab9372da2a311fb51600f68aec02000400",
    "0e6837e01b271832230c237a0065eb02000500",
    "0e488caad2232cc90baa07c049298302000600",
    "0e9a73e19aad088d271a2eabf6c08e02000700",
    "0ef55f56e49f1d4c484143d270d8be02000800",
    "0ef5922d0de94cd01282141b50fbb802000900",
  };

  /**
   * BCS {@code SliverData}: ULEB length, 4 symbols of 2 bytes, u16 symbol size, u16 index. Sliver 2
   * reads {@code ...7572...} in the published dump; its row-2 symbol must be the blob bytes "t\0"
   * (0x74 0x00), which both the primary sliver 2 of the same dump and the upstream secondary hash
   * of pair 7 confirm, so the one-digit typo is corrected to {@code ...7574...} here.
   */
  private static final String[] SECONDARY_SLIVERS = {
    "08776120762074000002000000",
    "086c7231206573000002000100",
    "08757372657400000002000200",
    "08206267720000000002000300",
    "086c6f65730000000002000400",
    "08622073690000000002000500",
    "0869646f6e0000000002000600",
    "0805f6374b8bdc000002000700",
    "081a1e172fb6d1000002000800",
    "08c2f80b0295ac000002000900",
  };

  private static byte[] symbol(String sliverHex, int symbolIndex) {
    byte[] bcs = HEX.parseHex(sliverHex);
    return Arrays.copyOfRange(bcs, 1 + symbolIndex * SYMBOL, 1 + (symbolIndex + 1) * SYMBOL);
  }

  /** Expanded row r (r < n-2f): the primary sliver's 7 symbols, then the 3 repair columns' symbol r. */
  private static Node rowRoot(int row) {
    byte[] symbols = new byte[N * SYMBOL];
    for (int col = 0; col < N; col++) {
      byte[] s = col < 7 ? symbol(PRIMARY_SLIVERS[row], col) : symbol(SECONDARY_SLIVERS[col], row);
      System.arraycopy(s, 0, symbols, col * SYMBOL, SYMBOL);
    }
    return MerkleTree.fromLeafData(symbols, 0, SYMBOL, N).root();
  }

  /** Expanded column c (c < n-f): the secondary sliver's 4 symbols, then the repair rows' symbol c. */
  private static Node columnRoot(int column) {
    byte[] symbols = new byte[N * SYMBOL];
    for (int row = 0; row < N; row++) {
      byte[] s = row < 4 ? symbol(SECONDARY_SLIVERS[column], row) : symbol(PRIMARY_SLIVERS[row], column);
      System.arraycopy(s, 0, symbols, row * SYMBOL, SYMBOL);
    }
    return MerkleTree.fromLeafData(symbols, 0, SYMBOL, N).root();
  }

  @Test
  void shouldDecodeVerifyAndReencodeTheUpstreamMetadata() {
    byte[] bcs = HEX.parseHex(METADATA_WITH_ID);
    BlobMetadataWithId withId = BlobMetadataWithId.fromBcs(bcs);
    assertThat(withId.blobId().toHex()).startsWith("45c53cd8");
    assertThat(withId.metadata().unencodedLength()).isEqualTo(33);
    assertThat(withId.metadata().hashes()).hasSize(N);
    VerifiedBlobMetadata verified = withId.verify(new EncodingConfig(N));
    assertThat(verified.blobId()).isEqualTo(withId.metadata().computeBlobId());
    assertThat(verified.toBcs()).isEqualTo(bcs);
    assertThat(verified.metadata().toBcs()).isEqualTo(Arrays.copyOfRange(bcs, 32, bcs.length));
  }

  @Test
  void shouldFindTheBlobBytesInTheSystematicSymbols() {
    byte[] blob = "walrus blob id v1 regression test".getBytes(StandardCharsets.US_ASCII);
    byte[] padded = Arrays.copyOf(blob, 4 * 7 * SYMBOL);
    for (int row = 0; row < 4; row++) {
      for (int col = 0; col < 7; col++) {
        byte[] expected = Arrays.copyOfRange(padded, (row * 7 + col) * SYMBOL, (row * 7 + col + 1) * SYMBOL);
        assertThat(symbol(PRIMARY_SLIVERS[row], col)).as("primary %d symbol %d", row, col).isEqualTo(expected);
        assertThat(symbol(SECONDARY_SLIVERS[col], row)).as("secondary %d symbol %d", col, row).isEqualTo(expected);
      }
    }
  }

  @Test
  void shouldReproduceSliverHashesFromTheUpstreamSlivers() {
    BlobMetadata metadata = BlobMetadataWithId.fromBcs(HEX.parseHex(METADATA_WITH_ID)).metadata();
    assertThat(new String(HEX.parseHex(PRIMARY_SLIVERS[0].substring(2, 30)), StandardCharsets.US_ASCII))
        .isEqualTo("walrus blob id");
    for (int p = 0; p < 4; p++) {
      assertThat(rowRoot(p)).as("primary hash of pair %d", p).isEqualTo(metadata.hash(p, SliverType.PRIMARY));
    }
    for (int column = 0; column < 7; column++) {
      int pair = N - 1 - column;
      assertThat(columnRoot(column))
          .as("secondary hash of pair %d (column %d)", pair, column)
          .isEqualTo(metadata.hash(pair, SliverType.SECONDARY));
    }
  }
}
