package dev.aimon.drift.reference;

import dev.aimon.drift.service.DriftEvaluator;
import dev.aimon.drift.service.DriftProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The uploaded reference profiles, versioned per model in the service's database (table {@code reference_profile}),
 * shared by every instance. The newest version of a model is what its windows are compared with; each instance keeps
 * the profile it last loaded and asks the database only for the newest version's number when a window closes.
 */
@ApplicationScoped
public class ReferenceStore {

    /**
     * One stored version.
     *
     * @param modelId the model
     * @param version 1, 2, … per model
     * @param modelVersion the model version the profile describes, or null for any
     * @param sha256 the profile's content hash
     * @param rows the rows read from the upload
     * @param format {@code json}, {@code ndjson} or {@code csv}
     * @param createdBy who uploaded it
     * @param createdAt when
     */
    public record Version(
            String modelId,
            int version,
            String modelVersion,
            String sha256,
            long rows,
            String format,
            String createdBy,
            Instant createdAt) {}

    private record Loaded(Version version, DriftEvaluator.Reference reference) {}

    private final DataSource dataSource;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    public ReferenceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a profile as the model's next version; when the newest version already has this hash and model version,
     * stores nothing and returns it (an upload repeated is one version).
     *
     * @return the version, and whether it is new
     */
    public synchronized Map.Entry<Version, Boolean> put(
            String modelId, String modelVersion, DriftProfile profile, long rows, String format, String createdBy) {
        String sha256 = profile.sha256();
        Optional<Version> newest = newest(modelId);
        if (newest.isPresent()
                && newest.get().sha256().equals(sha256)
                && java.util.Objects.equals(newest.get().modelVersion(), modelVersion)) {
            return Map.entry(newest.get(), false);
        }
        byte[] bytes = encode(profile);
        String sql = "insert into reference_profile"
                + " (model_id, version, model_version, sha256, rows_read, format, created_by, profile)"
                + " select ?, coalesce(max(version), 0) + 1, ?, ?, ?, ?, ?, ? from reference_profile where model_id = ?"
                + " returning version, created_at";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, modelId);
            s.setString(2, modelVersion);
            s.setString(3, sha256);
            s.setLong(4, rows);
            s.setString(5, format);
            s.setString(6, createdBy);
            s.setBytes(7, bytes);
            s.setString(8, modelId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                Version v = new Version(
                        modelId,
                        r.getInt(1),
                        modelVersion,
                        sha256,
                        rows,
                        format,
                        createdBy,
                        r.getTimestamp(2).toInstant());
                loaded.put(modelId, new Loaded(v, new DriftEvaluator.Reference(profile, sha256, modelVersion)));
                return Map.entry(v, true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the reference of " + modelId + ": " + e.getMessage(), e);
        }
    }

    /** The newest version's metadata. */
    public Optional<Version> newest(String modelId) {
        List<Version> versions = query(modelId, 1);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0));
    }

    /** Every version of a model, newest first. */
    public List<Version> versions(String modelId) {
        return query(modelId, Integer.MAX_VALUE);
    }

    /** The newest profile of a model, loaded from the database only when it changed since the last call. */
    public Optional<DriftEvaluator.Reference> reference(String modelId) {
        Optional<Version> newest = newest(modelId);
        if (newest.isEmpty()) {
            loaded.remove(modelId);
            return Optional.empty();
        }
        Loaded cached = loaded.get(modelId);
        if (cached != null && cached.version().version() == newest.get().version()) {
            return Optional.of(cached.reference());
        }
        Version v = newest.get();
        DriftProfile profile = load(modelId, v.version());
        DriftEvaluator.Reference reference = new DriftEvaluator.Reference(profile, v.sha256(), v.modelVersion());
        loaded.put(modelId, new Loaded(v, reference));
        return Optional.of(reference);
    }

    /** The profile of one version. */
    public DriftProfile load(String modelId, int version) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select profile from reference_profile where model_id = ? and version = ?")) {
            s.setString(1, modelId);
            s.setInt(2, version);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no reference version " + version + " of " + modelId);
                }
                return decode(r.getBytes(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the reference of " + modelId + ": " + e.getMessage(), e);
        }
    }

    /** A profile as it is stored: {@link DriftProfile#writeTo}, versioned by its format byte. */
    static byte[] encode(DriftProfile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            profile.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a reference profile", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a stored profile.
     *
     * @throws IllegalStateException when the bytes are not a profile this version reads (aimon 0.1 stored Java
     *     serialisation, which starts with 0xAC: upload that reference again)
     */
    static DriftProfile decode(byte[] bytes) {
        if (bytes.length > 0 && (bytes[0] & 0xff) == 0xAC) {
            throw new IllegalStateException(
                    "this reference profile was stored by aimon 0.1 (Java serialisation), which this version does not"
                            + " read: upload the reference again");
        }
        try {
            return DriftProfile.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new IllegalStateException("the stored reference profile cannot be read: " + e.getMessage(), e);
        }
    }

    private List<Version> query(String modelId, int limit) {
        String sql = "select version, model_version, sha256, rows_read, format, created_by, created_at"
                + " from reference_profile where model_id = ? order by version desc limit ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, modelId);
            s.setInt(2, limit);
            List<Version> versions = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    versions.add(new Version(
                            modelId,
                            r.getInt(1),
                            r.getString(2),
                            r.getString(3),
                            r.getLong(4),
                            r.getString(5),
                            r.getString(6),
                            r.getTimestamp(7).toInstant()));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the references of " + modelId + ": " + e.getMessage(), e);
        }
    }
}
