package io.iso2db.server;

import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.export.ExportResult;
import io.iso2db.internal.config.TaskSettings;
import io.iso2db.internal.server.HandOver;
import io.iso2db.internal.server.Service;
import io.iso2db.internal.server.TaskStatusTable;
import io.iso2db.internal.server.ServiceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code iso2db}: runs the service from the original tool's {@code iso.conf}, checks a
 * configuration against the real servers, shows each task's stored position, exports or verifies
 * one task.
 *
 * <p>Exit codes: 0 done; 1 a check, an export or a verify found a problem (a difference); 2 the
 * configuration is invalid (every problem printed with file, line, section and key) or the command
 * line is wrong.
 */
@Command(name = "iso2db", mixinStandardHelpOptions = true, versionProvider = Iso2dbCommand.Version.class,
        subcommands = {Iso2dbCommand.Run.class, Iso2dbCommand.Check.class, Iso2dbCommand.Status.class,
                Iso2dbCommand.Export.class, Iso2dbCommand.Verify.class, Iso2dbCommand.VersionCommand.class},
        description = "Copies MySQL/MariaDB databases and keeps them in sync (binlog replication).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a check, export, verify or task found a problem (printed)",
                "2:invalid configuration or command line (every problem printed)"})
public final class Iso2dbCommand {

    static final int PROBLEM = 1;
    static final int INVALID = 2;

    private Iso2dbCommand() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(Iso2dbCommand.class)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof Iso2dbException ie) {
                        cmd.getErr().println(ie.code() + ": " + ie.getMessage());
                        return ie.code() == io.iso2db.ErrorCode.INVALID_CONFIGURATION ? INVALID : PROBLEM;
                    }
                    throw e;
                })
                .execute(args);
    }

    /** What a command does with one task; its problems are printed by {@link ConfOption#eachTask}. */
    interface TaskAction {
        String run(TaskSettings task) throws Exception;
    }

    /** The configuration option every command shares. */
    static class ConfOption {
        @Option(names = {"-c", "--config"}, defaultValue = "conf/iso.conf",
                description = "the service configuration (default: ${DEFAULT-VALUE})")
        Path isoConf;

        /** Runs {@code action} for each task (or those named), printing its line; the exit code counts problems. */
        int eachTask(List<String> only, TaskAction action) {
            int problems = 0;
            for (TaskSettings t : tasks(only)) {
                try {
                    System.out.println(action.run(t));
                } catch (Exception e) {
                    problems++;
                    System.out.println(t.name() + "\t" + (e instanceof Iso2dbException ie ? ie.code() + ": " : "")
                            + e.getMessage());
                }
            }
            return problems == 0 ? 0 : PROBLEM;
        }

        /** The task named {@code name}; an invalid configuration when there is none. */
        TaskSettings task(String name) {
            List<TaskSettings> tasks = tasks(List.of(name));
            if (tasks.isEmpty()) {
                throw new Iso2dbException(io.iso2db.ErrorCode.INVALID_CONFIGURATION, "no task " + name
                        + " in the configuration");
            }
            return tasks.get(0);
        }

        List<TaskSettings> tasks(List<String> only) {
            ServiceSettings s = ServiceSettings.load(isoConf);
            List<TaskSettings> tasks = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Path f : s.taskFiles()) {
                if (!only.isEmpty() && !only.contains(TaskSettings.taskName(f))) {
                    continue;
                }
                try {
                    tasks.add(TaskSettings.load(f));
                } catch (Iso2dbException e) {
                    problems.add(e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new Iso2dbException(io.iso2db.ErrorCode.INVALID_CONFIGURATION, String.join("\n", problems));
            }
            return tasks;
        }
    }

    @Command(name = "run", description = "Runs every task of the configuration until SIGTERM (or Ctrl-C).")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        ConfOption conf;

        @Override
        public Integer call() throws Exception {
            Service service = new Service(ServiceSettings.load(conf.isoConf));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
                // a stop by SIGTERM is a clean stop: exit 0, not the JVM's 143 (checkpoints are written)
                Runtime.getRuntime().halt(0);
            }, "iso2db-shutdown"));
            Signals.onHangUp(service::reload);
            service.start();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "check", description = "Loads the configuration and checks every task against its servers"
            + " (connections, privileges, binlog settings, start position, target tables) without replicating.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        ConfOption conf;
        @Parameters(arity = "0..*", paramLabel = "TASK", description = "only these tasks")
        List<String> only = new ArrayList<>();

        @Override
        public Integer call() {
            return conf.eachTask(only, t -> {
                t.replicator().build().check();
                return t.name() + "\tOK (" + t.source().describe() + " → " + t.target().describe() + ")";
            });
        }
    }

    @Command(name = "status", description = "Shows each task as the service last reported it (state, node, position,"
            + " lag, last error) and its stored position, read from the servers, so it works wherever the service runs.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        ConfOption conf;
        @Parameters(arity = "0..*", paramLabel = "TASK", description = "only these tasks")
        List<String> only = new ArrayList<>();

        @Override
        public Integer call() {
            return conf.eachTask(only, t -> {
                try (TaskStatusTable table = new TaskStatusTable(t)) {
                    return StatusLine.of(t, HandOver.storedPosition(t), table.read().orElse(null));
                }
            });
        }
    }

    @Command(name = "export", description = "Copies one task's databases now (consistent, parallel), once; prints"
            + " the position replication would start from. Replaces the target's copies of the tables.")
    static final class Export implements Callable<Integer> {
        @CommandLine.Mixin
        ConfOption conf;
        @Parameters(arity = "1", paramLabel = "TASK", description = "the task whose databases are copied")
        String task;

        @Override
        public Integer call() {
            TaskSettings t = conf.task(task);
            ExportResult r = HandOver.exporter(t).build().run();
            System.out.println(t.name() + ": exported " + r.rows() + " rows of " + r.tables().size() + " tables in "
                    + r.duration().toMillis() + " ms; replication would start at " + r.position());
            return 0;
        }
    }

    @Command(name = "verify", description = "Compares one task's tables on source and target (checksums of key"
            + " ranges inside the servers) and prints every difference by key. Meant for quiet servers (after a"
            + " migration, writes stopped): it says so when writes went on while its snapshots opened. Against a"
            + " running task use the Java API (Verifier with the Replicator: a consistent cut while writes go on).")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Mixin
        ConfOption conf;
        @Parameters(arity = "1", paramLabel = "TASK", description = "the task whose tables are compared")
        String task;
        @Option(names = "--repair-sql", paramLabel = "FILE",
                description = "write the SQL that would make the target equal to the source to FILE (never run)")
        Path repairSql;

        @Override
        public Integer call() throws java.io.IOException {
            io.iso2db.export.VerifyResult r = HandOver.verifier(conf.task(task)).repairSql(repairSql != null)
                    .build().run();
            System.out.print(r.report());
            if (repairSql != null) {
                java.nio.file.Files.write(repairSql, r.repairSql());
                System.out.println(r.repairSql().size() + " repair statements written to " + repairSql);
            }
            return r.equal() ? 0 : PROBLEM;   // equal snapshots are equal even if writes went on meanwhile
        }
    }

    @Command(name = "version", description = "Prints the version.")
    static final class VersionCommand implements Runnable {
        @Override
        public void run() {
            System.out.println(Version.text());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        static String text() {
            String v = Iso2dbCommand.class.getPackage().getImplementationVersion();
            return "iso2db " + (v == null ? "(development build)" : v) + ", Java " + System.getProperty("java.version");
        }

        @Override
        public String[] getVersion() {
            return new String[] {text()};
        }
    }
}
