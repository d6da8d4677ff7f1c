/*
 * Minimal embedded Neo4j Community server: Bolt only, auth on, password from the environment.
 *
 * Neo4j's server tarball is not published on Maven Central, so scripts/neo4j.sh runs this
 * class over the org.neo4j:neo4j artifacts instead.
 *
 * Usage: java -cp <classpath> Launcher <home-dir> <bolt-port>
 * Environment: NEO4J_PASSWORD (required, >= 8 chars), NEO4J_PAGECACHE (default 256m).
 */

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final Duration BOLT_WAIT = Duration.ofSeconds(60);

    private Launcher() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // Without an explicit exit, Neo4j's non-daemon threads would keep a failed JVM alive.
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: Launcher <home-dir> <bolt-port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = requirePassword();
        String pageCache = envOr("NEO4J_PAGECACHE", "256m");

        DatabaseManagementService dbms = build(home, port, pageCache);
        CountDownLatch stopped = new CountDownLatch(1);
        // The shutdown hook is what turns SIGTERM from neo4j.sh into a clean store shutdown.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> {
                    System.out.println("NEO4J STOPPING");
                    dbms.shutdown();
                    System.out.println("NEO4J STOPPED");
                    stopped.countDown();
                }, "neo4j-shutdown"));

        setPassword(dbms, password);
        waitForBolt(port);
        System.out.println("NEO4J READY bolt://" + HOST + ":" + port);
        System.out.flush();
        stopped.await();
    }

    private static DatabaseManagementService build(Path home, int port, String pageCache) {
        return new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                // Bound disk use of a dev store: the default keeps two days of transaction logs.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "256M size")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // One cached plan per statement and parameter types, not one per size class of each
                // string and list parameter too ("t5" and "flan-t5" would be planned apart, seconds
                // each): the app's warm-up (kg/warm.py) then covers every key. Same in docker-compose.yml.
                .setConfig(GraphDatabaseInternalSettings.cypher_size_hint_parameters, false)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // The server tells drivers to give up on a connection silent for keep-alive x probes
                // (10 s here; 120 s by default) and keeps a busy one talking with NOOPs: a hung server
                // is then a 503 within that, before gunicorn's 30 s timeout. Same in docker-compose.yml.
                .setConfig(BoltConnector.connection_keep_alive_type, BoltConnector.KeepAliveRequestType.ALL)
                .setConfig(BoltConnector.connection_keep_alive, Duration.ofSeconds(5))
                .setConfig(BoltConnector.connection_keep_alive_probes, 2)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .build();
    }

    /** Embedded transactions run with full rights, so the system database accepts ALTER USER. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally(
                            "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            System.out.println("NEO4J password for user neo4j set");
        } catch (RuntimeException e) {
            // A restart with an unchanged password is rejected as "the same"; that is the goal state.
            if (!String.valueOf(rootMessage(e)).contains("cannot be the same")) {
                throw e;
            }
            System.out.println("NEO4J password for user neo4j unchanged");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder all = new StringBuilder();
        while (t != null) {
            all.append(t.getMessage()).append('\n');
            t = t.getCause();
        }
        return all.toString();
    }

    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + BOLT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Bolt did not accept connections on port " + port);
    }

    private static String requirePassword() {
        String pw = System.getenv("NEO4J_PASSWORD");
        if (pw == null || pw.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set and at least 8 characters long");
            System.exit(2);
        }
        return pw;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
