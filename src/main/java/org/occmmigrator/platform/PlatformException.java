package org.occmmigrator.platform;

/**
 * A failure talking to the seed or a user cluster. {@code transientFault} says whether retrying may
 * help (API unreachable, 5xx, 409 conflict); the message says what failed in words a support engineer
 * can act on and never contains a credential.
 */
public class PlatformException extends RuntimeException {

  private final boolean transientFault;

  public PlatformException(String message, boolean transientFault) {
    super(message);
    this.transientFault = transientFault;
  }

  public PlatformException(String message, boolean transientFault, Throwable cause) {
    super(message, cause);
    this.transientFault = transientFault;
  }

  public boolean isTransient() {
    return transientFault;
  }
}
