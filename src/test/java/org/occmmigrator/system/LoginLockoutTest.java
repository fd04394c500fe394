package org.occmmigrator.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * No lock-out by strangers: wrong passwords from one client make that client wait, while the user logs in
 * from another address at once; the engine's own (permanent) lock never triggers.
 */
class LoginLockoutTest extends SecuredAppTestBase {

  private static final String USER = "lockoutprobe";
  private static final String PASSWORD = "Probe!Passw0rd";

  @Autowired IdentityService identityService;

  @BeforeEach
  void probeUser() {
    if (identityService.createUserQuery().userId(USER).count() == 0) {
      var user = identityService.newUser(USER);
      user.setPassword(PASSWORD);
      identityService.saveUser(user);
    }
  }

  @Test
  void wrongPasswordsFromAStrangerDoNotLockTheUserOut() throws Exception {
    String stranger = "127.0.0.2";
    for (int i = 0; i < 5; i++) {
      assertThat(status(stranger, USER, "guess-" + i)).isEqualTo(401);
    }
    assertThat(status(stranger, USER, "guess-6")).as("the stranger waits").isEqualTo(429);
    assertThat(status(stranger, USER, PASSWORD)).as("even with the right password, from there").isEqualTo(429);
    assertThat(status("127.0.0.3", USER, PASSWORD)).as("the user, from their own address").isEqualTo(200);
  }

  @Test
  void theEngineNoLongerLocksAnAccount() {
    for (int i = 0; i < 25; i++) {
      assertThat(identityService.checkPassword(USER, "wrong-" + i)).isFalse();
    }
    assertThat(identityService.checkPassword(USER, PASSWORD)).isTrue();
  }

  @Test
  void anAdministratorsUnlockLiftsTheWait() throws Exception {
    String client = "127.0.0.4";
    for (int i = 0; i < 6; i++) {
      status(client, USER, "guess-" + i);
    }
    assertThat(status(client, USER, PASSWORD)).isEqualTo(429);
    assertThat(send("admin", "POST", "/engine-rest/user/" + USER + "/unlock", null).statusCode()).isEqualTo(204);
    assertThat(status(client, USER, PASSWORD)).isEqualTo(200);
  }

  /** GET /api/migrations with basic authentication, sent from the given loopback address. */
  private int status(String from, String user, String password) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      socket.setSoTimeout(10_000);
      String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/migrations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + credentials
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
