package dev.aimon.devkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Local TCP ports for the processes devkit starts. */
public final class Ports {

    private Ports() {}

    /** A port that is free now (the system's choice); nothing holds it, so use it soon. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
