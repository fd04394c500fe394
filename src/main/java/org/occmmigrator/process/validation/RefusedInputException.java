package org.occmmigrator.process.validation;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.exception.NotValidException;

/**
 * An input the process refuses: a task answer, or a start of a migration that must not start. Thrown from
 * listeners, it rolls the engine's transaction back (the task stays open, no instance is created).
 *
 * <p>The engine REST API answers every engine exception from a listener with 500; so that the caller gets the
 * 4xx the refusal deserves, the refusal is also noted for the current thread, where the HTTP gate (which runs
 * the engine call on the same thread) reads it after the call ({@link #takeNotedOnThisThread()}).
 */
public class RefusedInputException extends NotValidException {

  /** What kind of input was refused; the HTTP layers map it to 400, 404, 409 or 422. */
  public enum Kind { INVALID_INPUT, UNKNOWN_CLUSTER, MIGRATION_RUNNING, NOT_ELIGIBLE }

  private static final ThreadLocal<RefusedInputException> NOTED = new ThreadLocal<>();

  private final Kind kind;
  private final List<String> errors;

  private RefusedInputException(Kind kind, String detail, List<String> errors) {
    super(detail);
    this.kind = kind;
    this.errors = List.copyOf(errors);
  }

  /** The refusal, noted for this thread; throw it. {@code errors} are the single reasons (may be empty). */
  public static RefusedInputException refuse(Kind kind, String detail, List<String> errors) {
    RefusedInputException refusal = new RefusedInputException(kind, detail, errors);
    NOTED.set(refusal);
    return refusal;
  }

  /** The refusal noted on this thread since the last call, if any; forgets it. */
  public static Optional<RefusedInputException> takeNotedOnThisThread() {
    RefusedInputException noted = NOTED.get();
    NOTED.remove();
    return Optional.ofNullable(noted);
  }

  public Kind kind() {
    return kind;
  }

  public List<String> errors() {
    return errors;
  }
}
