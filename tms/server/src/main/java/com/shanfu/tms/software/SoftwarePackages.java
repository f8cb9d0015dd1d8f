package com.shanfu.tms.software;

import com.shanfu.protocol.management.SoftwarePackage;
import com.shanfu.tms.contract.SoftwareVersion;
import com.shanfu.tms.web.TmsException;
import java.io.IOException;
import java.io.OutputStream;
import java.security.PublicKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The terminal software packages (docs/fleet.md, "Software packages"): taken only when signed by one of the operator's
 * release keys ({@code SHANFU_RELEASE_KEYS}: the public halves; the private key never comes near the TMS), kept in
 * 1 MiB chunks, and served to terminals by byte range so that a broken download goes on where it stopped.
 */
@Service
public class SoftwarePackages {

    static final int CHUNK = 1024 * 1024;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final List<PublicKey> releaseKeys;

    SoftwarePackages(JdbcTemplate jdbc, Clock clock, com.shanfu.tms.keys.ReleaseKeys releaseKeys) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releaseKeys = releaseKeys.keys();
    }

    /** A package is the program's zip; its signature by a release key; its manifest must name {@code version}. */
    @Transactional
    public SoftwareVersion upload(String version, byte[] zip, String signature, String actor) {
        if (releaseKeys.isEmpty()) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "no-release-key",
                    "no release key is configured (SHANFU_RELEASE_KEYS): the TMS takes no package it cannot check");
        }
        SoftwarePackage.Manifest m;
        try {
            m = SoftwarePackage.manifest(zip);
        } catch (IllegalArgumentException e) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-package", e.getMessage());
        }
        if (!m.version().equals(version)) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "version-mismatch",
                    "the package's manifest says version " + m.version() + ", not " + version);
        }
        String sha256 = SoftwarePackage.sha256(zip);
        if (!SoftwarePackage.verify(releaseKeys, sha256, signature)) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "bad-signature",
                    "the signature is not a release key's over this package (SHA-256 " + sha256 + ")");
        }
        if (find(version).isPresent()) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "version-exists",
                    "version " + version + " is already kept: a version is never replaced");
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(
                "INSERT INTO software_package (version, sha256, size_bytes, signature, main_class, uploaded_by,"
                        + " uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                version,
                sha256,
                (long) zip.length,
                signature.strip(),
                m.mainClass(),
                actor,
                now);
        long id = jdbc.queryForObject("SELECT id FROM software_package WHERE version = ?", Long.class, version);
        for (int seq = 0; seq * (long) CHUNK < zip.length; seq++) {
            int from = seq * CHUNK;
            jdbc.update(
                    "INSERT INTO software_package_chunk (package_id, seq, data) VALUES (?, ?, ?)",
                    id,
                    seq,
                    Arrays.copyOfRange(zip, from, Math.min(zip.length, from + CHUNK)));
        }
        return find(version).orElseThrow();
    }

    public record Stored(long id, SoftwareVersion version, String signature) {}

    public Optional<Stored> stored(String version) {
        return jdbc
                .query(
                        "SELECT id, version, size_bytes, sha256, main_class, uploaded_by, uploaded_at, signature"
                                + " FROM software_package WHERE version = ?",
                        (rs, i) -> new Stored(rs.getLong("id"), row(rs), rs.getString("signature")),
                        version)
                .stream()
                .findFirst();
    }

    public Optional<SoftwareVersion> find(String version) {
        return stored(version).map(Stored::version);
    }

    public List<SoftwareVersion> all() {
        return jdbc.query(
                "SELECT version, size_bytes, sha256, main_class, uploaded_by, uploaded_at FROM software_package"
                        + " ORDER BY id DESC",
                (rs, i) -> row(rs));
    }

    /** Writes bytes {@code from} to {@code to} (inclusive) of a package, reading only the chunks they lie in. */
    public void write(Stored p, long from, long to, OutputStream out) throws IOException {
        for (long seq = from / CHUNK; seq <= to / CHUNK; seq++) {
            byte[] data = jdbc.queryForObject(
                    "SELECT data FROM software_package_chunk WHERE package_id = ? AND seq = ?",
                    byte[].class,
                    p.id(),
                    (int) seq);
            long chunkStart = seq * CHUNK;
            int a = (int) Math.max(0, from - chunkStart);
            int b = (int) Math.min(data.length - 1, to - chunkStart);
            out.write(data, a, b - a + 1);
        }
    }

    private static SoftwareVersion row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SoftwareVersion(
                rs.getString("version"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                rs.getString("main_class"),
                rs.getString("uploaded_by"),
                rs.getTimestamp("uploaded_at").toInstant());
    }
}
