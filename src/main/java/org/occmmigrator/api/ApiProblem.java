package org.occmmigrator.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** An error of the migration API as RFC 9457 problem details, with a stable type per kind of error. */
class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String type;

  ApiProblem(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  static ApiProblem clusterNotFound(String clusterId) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "cluster-not-found", "Cluster '" + clusterId + "' does not exist on the seed.");
  }

  static ApiProblem migrationNotFound(String id) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "migration-not-found", "No migration with id '" + id + "'.");
  }

  ProblemDetail toProblemDetail() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(type(type));
    return problem;
  }

  HttpStatus status() {
    return status;
  }

  static URI type(String name) {
    return URI.create("urn:occm-migrator:problem:" + name);
  }
}
