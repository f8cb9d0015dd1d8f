package com.shanfu.tms.books;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The books check straight on a database, without a running TMS: {@code infra/shanfu reconcile --db} and the end of
 * {@code infra/shanfu test} (every TMS database the suite left behind). Prints each database's report; exits 1 when
 * any has a difference, 2 on bad arguments.
 *
 * <pre>java -cp tms.jar -Dloader.main=com.shanfu.tms.books.BooksCheckCli \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --url jdbc:mysql://127.0.0.1:3307/ \
 *     --user shanfu --password shanfu (--database shanfu_tms | --all)</pre>
 */
public final class BooksCheckCli {

    private BooksCheckCli() {}

    public static void main(String[] args) throws Exception {
        String url = null;
        String user = "shanfu";
        String password = "shanfu";
        String database = null;
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--database" -> database = args[++i];
                case "--all" -> all = true;
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (url == null || (database == null) == !all) {
            System.err.println(
                    "usage: --url jdbc:mysql://HOST:PORT/ [--user U --password P] (--database NAME | --all)");
            System.exit(2);
        }
        String base = url.endsWith("/") ? url : url + "/";
        String params = "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8";
        List<String> databases = new ArrayList<>();
        if (all) {
            try (Connection c = DriverManager.getConnection(base + params, user, password);
                    var rs = c.createStatement()
                            .executeQuery("select table_schema from information_schema.tables"
                                    + " where table_name = 'books_check_run' order by table_schema")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                }
            }
        } else {
            databases.add(database);
        }
        int unbalanced = 0;
        for (String db : databases) {
            try (Connection c = DriverManager.getConnection(base + db + params, user, password)) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setAutoCommit(false);
                c.setReadOnly(true);
                BooksCheck.Report r = new BooksCheck(
                                new JdbcTemplate(new SingleConnectionDataSource(c, true)), Clock.systemUTC())
                        .run();
                c.rollback();
                System.out.print(db + ": " + r.text());
                if (!r.balanced()) {
                    unbalanced++;
                }
            }
        }
        System.out.println(databases.size() + " database(s) checked, " + unbalanced + " with differences");
        System.exit(unbalanced == 0 ? 0 : 1);
    }
}
