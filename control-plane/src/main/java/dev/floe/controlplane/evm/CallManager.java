package dev.floe.controlplane.evm;

import dev.floe.controlplane.ChainUnavailableException;
import java.io.IOException;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetCode;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.TransactionManager;

/**
 * The transaction manager handed to the generated wrappers: it performs their read-only calls
 * ({@code eth_call} from our account, reverts decoded into typed exceptions) and refuses to send;
 * transactions go through {@link TransactionSender}, which manages nonces and receipts.
 */
final class CallManager extends TransactionManager {
  private final Web3j web3j;
  private final String from;
  private final RevertDecoder decoder;

  CallManager(Web3j web3j, String from, RevertDecoder decoder) {
    super(web3j, from);
    this.web3j = web3j;
    this.from = from;
    this.decoder = decoder;
  }

  @Override
  public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
    EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(from, to, data), block).send();
    if (call.hasError()) {
      String revertData = TransactionSender.revertData(call.getError());
      if (revertData == null && !String.valueOf(call.getError().getMessage()).contains("revert")) {
        throw new ChainUnavailableException("eth_call failed: " + call.getError().getMessage());
      }
      throw decoder.decode(revertData, call.getError().getMessage());
    }
    if (call.isReverted()) {
      throw decoder.decode(call.getRevertReasonEncodedData(), "call reverted");
    }
    return call.getValue();
  }

  @Override
  public EthGetCode getCode(String address, DefaultBlockParameter block) throws IOException {
    return web3j.ethGetCode(address, block).send();
  }

  @Override
  public EthSendTransaction sendTransaction(
      BigInteger gasPrice, BigInteger gasLimit, String to, String data, BigInteger value, boolean constructor) {
    throw new UnsupportedOperationException("transactions are sent by TransactionSender");
  }

  @Override
  public EthSendTransaction sendEIP1559Transaction(
      long chainId, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas, BigInteger gasLimit, String to,
      String data, BigInteger value, boolean constructor) {
    throw new UnsupportedOperationException("transactions are sent by TransactionSender");
  }
}
