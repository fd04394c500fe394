package org.occmmigrator.sandbox.openstack;

import java.util.Map;

/** An error answer in the shape the real service uses. */
final class ApiError extends RuntimeException {

  final int status;
  final Map<String, Object> body;

  private ApiError(int status, String message, Map<String, Object> body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  static ApiError neutron(int status, String type, String message) {
    return new ApiError(status, message, Map.of("NeutronError", Map.of("type", type, "message", message, "detail", "")));
  }

  static ApiError octavia(int status, String message) {
    return new ApiError(status, message, Map.of("faultcode", status < 500 ? "Client" : "Server", "faultstring", message,
        "debuginfo", ""));
  }

  static ApiError keystone(int status, String title, String message) {
    return new ApiError(status, message, Map.of("error", Map.of("code", status, "title", title, "message", message)));
  }
}
