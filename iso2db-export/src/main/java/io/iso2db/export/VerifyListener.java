package io.iso2db.export;

/** Told about a verify's progress. Called from worker threads, one call at a time: return quickly. */
@FunctionalInterface
public interface VerifyListener {

    /** After each chunk compared. */
    void onProgress(VerifyProgress progress);
}
