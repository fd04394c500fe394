package org.occmmigrator.api;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.occmmigrator.platform.PlatformException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every error of /api as application/problem+json with a stable {@code type}; before Spring Boot's own problem
 * handler, which answers the same exceptions with {@code about:blank}.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
    return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
  }

  @ExceptionHandler(NotEligibleException.class)
  ResponseEntity<ProblemDetail> notEligible(NotEligibleException notEligible) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
        "Cluster '" + notEligible.clusterId() + "' cannot be migrated: " + String.join("; ", notEligible.reasons()));
    problem.setType(ApiProblem.type("not-eligible"));
    problem.setProperty("reasons", notEligible.reasons());
    return ResponseEntity.unprocessableEntity().body(problem);
  }

  @ExceptionHandler(AuthorizationException.class)
  ResponseEntity<ProblemDetail> forbidden(AuthorizationException denied) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
        "User '" + denied.getUserId() + "' may not do this (members of migration-operators may start migrations).");
    problem.setType(ApiProblem.type("forbidden"));
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException invalid) {
    return invalidRequest(invalid.getBindingResult().getFieldErrors().stream()
        .map(error -> error.getField() + ": " + error.getDefaultMessage()).toList());
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException invalid) {
    return invalidRequest(invalid.getParameterValidationResults().stream()
        .flatMap(result -> result.getResolvableErrors().stream()
            .map(error -> result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
        .toList());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> mistypedParameter(MethodArgumentTypeMismatchException mistyped) {
    String expected = mistyped.getRequiredType() == null ? "another value" : mistyped.getRequiredType().getSimpleName();
    return invalidRequest(List.of(mistyped.getName() + ": '" + mistyped.getValue() + "' is not a valid " + expected));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadableBody(HttpMessageNotReadableException unreadable) {
    // the parser's message names the position; it quotes only the caller's own input
    return invalidRequest(List.of("body: not a JSON object of the documented shape ("
        + unreadable.getMostSpecificCause().getMessage().lines().findFirst().orElse("") + ")"));
  }

  private static ResponseEntity<ProblemDetail> invalidRequest(List<String> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request: " + String.join("; ", errors));
    problem.setType(ApiProblem.type("invalid-request"));
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(org.occmmigrator.openstack.OpenStackTransientException.class)
  ResponseEntity<ProblemDetail> openStackUnavailable(RuntimeException failure) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, failure.getMessage());
    problem.setType(ApiProblem.type("openstack-unavailable"));
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
  }

  @ExceptionHandler(PlatformException.class)
  ResponseEntity<ProblemDetail> platform(PlatformException failure) {
    HttpStatus status = failure.isTransient() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, failure.getMessage());
    problem.setType(ApiProblem.type(failure.isTransient() ? "platform-unavailable" : "platform-error"));
    return ResponseEntity.status(status).body(problem);
  }
}
