package org.occmmigrator.system;

/** A setting the application cannot start without; the message names the environment variable to set. */
public class MissingSettingException extends RuntimeException {

  private final String action;

  public MissingSettingException(String problem, String action) {
    super(problem);
    this.action = action;
  }

  public String action() {
    return action;
  }
}
