package dev.aimon.analysis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The encoding of a checkpoint's window state: Java serialisation of counts, samples and plans, read back through a
 * filter that admits only aimon's own classes and the JDK's value and collection classes, so a row that someone
 * altered cannot make the service build arbitrary objects.
 */
public final class Snapshots {

    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;dev.aimon.**;java.lang.*;java.math.*;java.time.*;java.util.*;!*");

    private Snapshots() {}

    public static byte[] encode(HashMap<String, Serializable> models) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(models);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the window state", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalStateException when the bytes are not a snapshot of this version of aimon
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Serializable> decode(byte[] snapshot) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
            in.setObjectInputFilter(ALLOWED);
            return (Map<String, Serializable>) in.readObject();
        } catch (InvalidClassException e) {
            throw new IllegalStateException(
                    "the checkpoint was written by an incompatible version: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("the checkpoint cannot be read: " + e.getMessage(), e);
        }
    }
}
