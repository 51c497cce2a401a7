package io.iso2db.export;

/** Told about an export's progress. Called from worker threads, one call at a time: return quickly. */
@FunctionalInterface
public interface ExportListener {

    /** After each chunk committed on the target. */
    void onProgress(ExportProgress progress);
}
