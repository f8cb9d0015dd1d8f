package com.shanfu.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of one test's own (Debian's mariadbd, own datadir, socket and port under target/e2e), so that the
 * test may stop and restart it without touching the database the other tests use.
 */
final class PrivateMariaDb implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process server;

    private PrivateMariaDb(Path dir, int port) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
    }

    static PrivateMariaDb start(Path dir) throws Exception {
        PrivateMariaDb db = new PrivateMariaDb(dir, E2eStack.freePort());
        Files.createDirectories(db.dir);
        run(
                List.of(
                        "mariadb-install-db",
                        "--no-defaults",
                        "--datadir=" + db.dir.resolve("data"),
                        "--user=root",
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db"),
                db.dir.resolve("install.log"));
        db.startServer();
        run(
                List.of(
                        "mariadb",
                        "--no-defaults",
                        "-uroot",
                        "--socket=" + db.dir.resolve("mysqld.sock"),
                        "-e",
                        "CREATE USER IF NOT EXISTS 'shanfu'@'127.0.0.1' IDENTIFIED BY 'shanfu';"
                                + " GRANT ALL PRIVILEGES ON *.* TO 'shanfu'@'127.0.0.1'; FLUSH PRIVILEGES;"),
                db.dir.resolve("grant.log"));
        return db;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8";
    }

    void startServer() throws Exception {
        server = new ProcessBuilder(
                        "/usr/sbin/mariadbd",
                        "--no-defaults",
                        "--datadir=" + dir.resolve("data"),
                        "--socket=" + dir.resolve("mysqld.sock"),
                        "--pid-file=" + dir.resolve("mysqld.pid"),
                        "--port=" + port,
                        "--bind-address=127.0.0.1",
                        "--skip-name-resolve",
                        "--user=root",
                        "--innodb-log-file-size=16M",
                        "--skip-log-bin",
                        "--character-set-server=utf8mb4",
                        "--collation-server=utf8mb4_unicode_ci",
                        "--log-error=" + dir.resolve("error.log"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("mariadbd exited; see " + dir.resolve("error.log"));
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("mariadbd did not listen on " + port);
    }

    /** A clean stop (SIGTERM, as a service manager restarting it would). */
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command.subList(0, 1)) + " failed: " + Files.readString(log));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopServer();
    }
}
