package io.iso2db.server;

import org.slf4j.LoggerFactory;

/** SIGHUP reloads the task files (where the JVM lets a program handle it). */
final class Signals {

    private Signals() {
    }

    static void onHangUp(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> {
                LoggerFactory.getLogger(Signals.class).info("SIGHUP: reloading the task files");
                action.run();
            });
        } catch (IllegalArgumentException e) {
            LoggerFactory.getLogger(Signals.class).info("SIGHUP is not available here ({}); task files are still"
                    + " reloaded when they change", e.getMessage());
        }
    }
}
