package org.occmmigrator.api;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.occmmigrator.platform.PlatformException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error of /api as application/problem+json. */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
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
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException invalid) {
    List<String> errors = invalid.getBindingResult().getFieldErrors().stream()
        .map(error -> error.getField() + ": " + error.getDefaultMessage()).toList();
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
