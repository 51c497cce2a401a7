package io.iso2db.internal.preflight;

/**
 * What preflight learned about the source.
 *
 * @param mariadb  whether the source is MariaDB (else MySQL)
 * @param version  {@code VERSION()}
 * @param serverId the source's own {@code server_id}
 */
public record SourceInfo(boolean mariadb, String version, long serverId) {
}
