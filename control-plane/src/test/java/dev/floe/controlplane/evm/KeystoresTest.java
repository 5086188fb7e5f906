package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.KeyLoadingException;
import dev.floe.core.crypto.ProtocolKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoresTest {
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @Test
  void shouldSaveAndLoadAccountsAndProtocolKeys(@TempDir Path dir) {
    EvmAccount account = EvmAccount.generate(new SecureRandom());
    Path file = Keystores.saveAccount(account, dir, PASSWORD);
    assertThat(Keystores.loadAccount(file, PASSWORD)).isEqualTo(account);
    ProtocolKeyPair key = ProtocolKeyPair.generate(new SecureRandom());
    Path keyFile = Keystores.saveProtocolKey(key, dir.resolve("keys"), PASSWORD);
    ProtocolKeyPair loaded = Keystores.loadProtocolKey(keyFile, PASSWORD);
    assertThat(loaded.publicKey()).isEqualTo(key.publicKey());
    assertThat(account.toString()).doesNotContain(new String(PASSWORD))
        .doesNotContain(org.web3j.utils.Numeric.toHexStringNoPrefix(account.privateKeyBytesForKeystore()));
  }

  @Test
  void shouldRefuseWrongPasswordsWithoutEchoingThem(@TempDir Path dir) throws Exception {
    Path file = Keystores.saveAccount(EvmAccount.devAccount(0), dir, PASSWORD);
    assertThatThrownBy(() -> Keystores.loadAccount(file, "hunter2".toCharArray()))
        .isInstanceOf(KeyLoadingException.class)
        .hasMessageContaining("wrong password")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Keystores.loadAccount(dir.resolve("none.json"), PASSWORD))
        .isInstanceOf(KeyLoadingException.class).hasMessageContaining("does not exist");
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "{\"hello\":1}");
    assertThatThrownBy(() -> Keystores.loadAccount(junk, PASSWORD))
        .isInstanceOf(KeyLoadingException.class).hasMessageContaining("not a valid keystore");
  }

  @Test
  void shouldReadPasswordsFromFileOrEnvironment(@TempDir Path dir) throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "s3cret\nignored second line\n");
    assertThat(Keystores.readPassword(Optional.of(pw), Map.of())).isEqualTo("s3cret".toCharArray());
    assertThat(Keystores.readPassword(Optional.empty(), Map.of(Keystores.PASSWORD_ENV, "from-env")))
        .isEqualTo("from-env".toCharArray());
    assertThatThrownBy(() -> Keystores.readPassword(Optional.empty(), Map.of()))
        .isInstanceOf(KeyLoadingException.class).hasMessageContaining(Keystores.PASSWORD_ENV);
    assertThatThrownBy(() -> Keystores.readPassword(Optional.of(dir.resolve("nope")), Map.of()))
        .isInstanceOf(KeyLoadingException.class).hasMessageContaining("cannot read password file");
  }

  @Test
  void shouldOfferTheTenPublicDevelopmentAccounts() {
    assertThat(EvmAccount.devAccount(0).address().toHex()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThat(EvmAccount.devAccount(9).address().toHex()).isEqualTo("0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
    assertThatThrownBy(() -> EvmAccount.devAccount(10)).isInstanceOf(KeyLoadingException.class);
  }
}
