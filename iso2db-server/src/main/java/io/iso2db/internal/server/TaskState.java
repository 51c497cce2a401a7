package io.iso2db.internal.server;

/** What a task of the service is doing. */
enum TaskState {
    /** Cluster mode: another node holds the task's lease; this node takes over if that node goes. */
    STANDBY,
    /** Loaded, not yet connected. */
    STARTING,
    /** Copying the databases ({@code full=True}) before replication. */
    EXPORTING,
    /** Replicating. */
    RUNNING,
    /** Waiting to try again after a failure a reconnect may cure. */
    RETRYING,
    /** Stopped by an error that needs an operator (named in the log, {@code status} and metrics). */
    FAILED,
    /** Stopped by the service (shutdown or reload). */
    STOPPED
}
