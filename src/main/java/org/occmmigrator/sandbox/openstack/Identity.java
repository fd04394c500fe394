package org.occmmigrator.sandbox.openstack;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Keystone v3: password and application-credential authentication, tokens with expiry, the catalog. */
final class Identity {

  private final CloudState state;
  volatile Duration tokenLifetime = Duration.ofHours(1);

  Identity(CloudState state) {
    this.state = state;
  }

  Resource createProject(String name, String domain) {
    Resource project = new Resource(Map.of("id", CloudState.newId().replace("-", ""), "name", name,
        "domain", Map.of("id", domain.toLowerCase(), "name", domain)));
    state.projects.put(project.id(), project);
    return project;
  }

  void createUser(String name, String password, String domain, String projectId) {
    state.users.put(domain + "/" + name, new Resource(Map.of("id", CloudState.newId().replace("-", ""), "name", name,
        "domain", domain, "password", password, "project_id", projectId)));
  }

  void createApplicationCredential(String id, String secret, String userName, String domain) {
    Resource user = state.users.get(domain + "/" + userName);
    state.applicationCredentials.put(id, new Resource(Map.of("id", id, "secret", secret, "user", domain + "/" + userName,
        "project_id", user.str("project_id"))));
  }

  /**
   * POST /v3/users/{userId}/application_credentials with a token of that user: a credential for the token's
   * project; the secret is generated unless given and shown only in this answer, as in Keystone.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> createApplicationCredential(String tokenId, String userId, Map<String, Object> request) {
    Resource token = valid(tokenId);
    if (!userId.equals(token.str("user_id"))) {
      throw ApiError.keystone(403, "Forbidden", "You are not authorized to perform the requested action.");
    }
    Map<String, Object> body = request.get("application_credential") instanceof Map<?, ?> map
        ? (Map<String, Object>) map : Map.of();
    if (body.get("name") == null) {
      throw ApiError.keystone(400, "Bad Request", "'name' is a required property");
    }
    String id = CloudState.newId().replace("-", "");
    String secret = body.get("secret") != null ? body.get("secret").toString()
        : CloudState.newId().replace("-", "") + CloudState.newId().replace("-", "");
    state.applicationCredentials.put(id, new Resource(Map.of("id", id, "secret", secret, "user", token.str("user"),
        "project_id", token.str("project_id"), "name", body.get("name"))));
    return Map.of("application_credential", Map.of("id", id, "name", body.get("name"), "secret", secret,
        "user_id", userId, "project_id", token.str("project_id"), "description", "", "unrestricted", false,
        "roles", List.of(Map.of("id", "member", "name", "member"))));
  }

  /** DELETE /v3/users/{userId}/application_credentials/{id}. */
  void deleteApplicationCredential(String tokenId, String userId, String credentialId) {
    Resource token = valid(tokenId);
    Resource credential = state.applicationCredentials.get(credentialId);
    if (!userId.equals(token.str("user_id")) || credential == null || !credential.str("user").equals(token.str("user"))) {
      throw ApiError.keystone(404, "Not Found", "Could not find application credential: " + credentialId + ".");
    }
    state.applicationCredentials.remove(credentialId);
  }

  /** GET /v3/auth/tokens: the subject token is valid (else 404, as Keystone answers for a revoked or expired one). */
  void validate(String tokenId, String subjectTokenId) {
    valid(tokenId);
    Resource subject = subjectTokenId == null ? null : state.tokens.get(subjectTokenId);
    if (subject == null || !state.now().isBefore((Instant) subject.get("expires"))) {
      throw ApiError.keystone(404, "Not Found", "Could not find token: " + subjectTokenId + ".");
    }
  }

  /** DELETE /v3/auth/tokens: the subject token is revoked at once (any valid token may revoke itself or its own). */
  void revoke(String tokenId, String subjectTokenId) {
    valid(tokenId);
    Resource subject = subjectTokenId == null ? null : state.tokens.get(subjectTokenId);
    if (subject == null || !state.now().isBefore((Instant) subject.get("expires"))) {
      throw ApiError.keystone(404, "Not Found", "Could not find token: " + subjectTokenId + ".");
    }
    state.tokens.remove(subjectTokenId);
  }

  /** POST /v3/auth/tokens: returns the token id and its body. */
  @SuppressWarnings("unchecked")
  Map.Entry<String, Map<String, Object>> authenticate(Map<String, Object> request, Map<String, String> endpoints) {
    Map<String, Object> auth = (Map<String, Object>) request.get("auth");
    Map<String, Object> identity = auth == null ? null : (Map<String, Object>) auth.get("identity");
    List<String> methods = identity == null ? List.of() : (List<String>) identity.get("methods");
    Resource user;
    Resource project;
    if (methods.contains("password")) {
      Map<String, Object> u = (Map<String, Object>) ((Map<String, Object>) identity.get("password")).get("user");
      String domain = domainName(u.get("domain"));
      user = state.users.get(domain + "/" + u.get("name"));
      if (user == null || !user.str("password").equals(u.get("password"))) {
        throw ApiError.keystone(401, "Unauthorized", "The request you have made requires authentication.");
      }
      project = scopedProject((Map<String, Object>) auth.get("scope"), user);
    } else if (methods.contains("application_credential")) {
      Map<String, Object> c = (Map<String, Object>) identity.get("application_credential");
      Resource credential = state.applicationCredentials.get(String.valueOf(c.get("id")));
      if (credential == null || !credential.str("secret").equals(c.get("secret"))) {
        throw ApiError.keystone(401, "Unauthorized", "The request you have made requires authentication.");
      }
      user = state.users.get(credential.str("user"));
      project = state.projects.get(credential.str("project_id"));
    } else {
      throw ApiError.keystone(400, "Bad Request", "Unsupported authentication method " + methods);
    }
    Instant now = state.now().truncatedTo(ChronoUnit.MILLIS);
    String tokenId = "gAAAA" + CloudState.newId().replace("-", "");
    Map<String, Object> token = Map.of(
        "methods", methods,
        "issued_at", now.toString(),
        "expires_at", now.plus(tokenLifetime).toString(),
        "user", Map.of("id", user.id(), "name", user.str("name"), "domain", Map.of("id", user.str("domain").toLowerCase(),
            "name", user.str("domain"))),
        "project", Map.of("id", project.id(), "name", project.str("name"), "domain", project.get("domain")),
        "roles", List.of(Map.of("id", "member", "name", "member")),
        "catalog", catalog(endpoints));
    state.tokens.put(tokenId, new Resource(Map.of("id", tokenId, "project_id", project.id(),
        "user", user.str("domain") + "/" + user.str("name"), "user_id", user.id(), "expires", now.plus(tokenLifetime))));
    state.event("identity.token_issued", Map.of("method", methods.get(0)));
    return Map.entry(tokenId, Map.of("token", token));
  }

  /** The project a valid token is scoped to; 401 for a missing, unknown or expired token. */
  String projectOf(String tokenId) {
    return valid(tokenId).str("project_id");
  }

  private Resource valid(String tokenId) {
    Resource token = tokenId == null ? null : state.tokens.get(tokenId);
    if (token == null || !state.now().isBefore((Instant) token.get("expires"))) {
      throw ApiError.keystone(401, "Unauthorized", "The request you have made requires authentication.");
    }
    return token;
  }

  @SuppressWarnings("unchecked")
  private Resource scopedProject(Map<String, Object> scope, Resource user) {
    Map<String, Object> p = scope == null ? null : (Map<String, Object>) scope.get("project");
    Resource project = null;
    if (p != null && p.get("id") != null) {
      project = state.projects.get(String.valueOf(p.get("id")));
    } else if (p != null && p.get("name") != null) {
      project = state.projects.values().stream().filter(candidate -> candidate.str("name").equals(p.get("name")))
          .findFirst().orElse(null);
    } else {
      project = state.projects.get(user.str("project_id"));
    }
    if (project == null || !project.id().equals(user.str("project_id"))) {
      throw ApiError.keystone(401, "Unauthorized", "User has no access to the requested project.");
    }
    return project;
  }

  @SuppressWarnings("unchecked")
  private static String domainName(Object domain) {
    if (domain instanceof Map<?, ?> map) {
      Object name = ((Map<String, Object>) map).get("name");
      return name != null ? name.toString() : String.valueOf(((Map<String, Object>) map).get("id"));
    }
    return "Default";
  }

  private static List<Map<String, Object>> catalog(Map<String, String> endpoints) {
    return endpoints.entrySet().stream().map(e -> Map.<String, Object>of(
        "id", e.getKey(), "type", e.getKey(), "name", switch (e.getKey()) {
          case "identity" -> "keystone";
          case "network" -> "neutron";
          default -> "octavia";
        },
        "endpoints", List.of(Map.of("id", e.getKey() + "-public", "interface", "public", "region", "RegionOne",
            "region_id", "RegionOne", "url", e.getValue())))).toList();
  }
}
