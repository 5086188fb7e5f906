package dev.floe.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link AnvilNode} per test class and injects it into
 * constructors, lifecycle and test methods that declare an {@code AnvilNode} parameter:
 *
 * <pre>{@code
 * @ExtendWith(AnvilExtension.class)
 * class MyChainTest {
 *   @Test void works(AnvilNode anvil) { ... anvil.rpcUrl() ... }
 * }
 * }</pre>
 *
 * The test fails (it is not skipped) when the anvil binary is missing.
 */
public final class AnvilExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AnvilExtension.class);
  private static final String KEY = "anvil";

  @Override
  public void beforeAll(ExtensionContext context) {
    node(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    AnvilNode node = context.getStore(NS).remove(KEY, AnvilNode.class);
    if (node != null) {
      node.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == AnvilNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return node(extensionContext);
  }

  private static AnvilNode node(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NS).getOrComputeIfAbsent(KEY, k -> AnvilNode.start(), AnvilNode.class);
  }
}
