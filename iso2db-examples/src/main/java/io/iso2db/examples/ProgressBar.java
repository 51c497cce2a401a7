package io.iso2db.examples;

import io.iso2db.export.ExportListener;
import io.iso2db.export.ExportProgress;
import java.io.PrintStream;

/** A text progress bar for an export: one line per 5 %, so it reads well in a terminal and in a log. */
public final class ProgressBar implements ExportListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private int shown = -1;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void onProgress(ExportProgress p) {
        int step = (int) (p.percent() / 5);
        if (step == shown) {
            return;
        }
        shown = step;
        int filled = (int) (p.percent() * WIDTH / 100);
        double seconds = p.elapsed().toMillis() / 1000.0;
        out.printf("  export [%s%s] %5.1f%%  %,d rows  %,.0f rows/s%s%n", "#".repeat(filled), ".".repeat(WIDTH - filled),
                p.percent(), p.rows(), seconds > 0 ? p.rows() / seconds : 0,
                p.remaining() == null ? "" : String.format("  ETA %d s", p.remaining().toSeconds()));
    }
}
