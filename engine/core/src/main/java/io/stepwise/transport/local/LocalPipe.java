package io.stepwise.transport.local;

import io.stepwise.transport.DataPipe;
import io.stepwise.transport.DataPipe.StderrBuffer;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A {@link DataPipe} as a local {@code bash -c} process (its stderr collected by a thread into a {@link StderrBuffer}). */
final class LocalPipe implements DataPipe {
    private final String hostName;
    private final Process process;
    private final StderrBuffer stderr = new StderrBuffer();
    private final Thread stderrReader;

    private LocalPipe(String hostName, Process process) {
        this.hostName = hostName;
        this.process = process;
        this.stderrReader = new Thread(this::collectStderr, "stepwise-pipe-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    static LocalPipe start(String hostName, String command) throws TransportException {
        try {
            return new LocalPipe(hostName, new ProcessBuilder("bash", "-c", command).start());
        } catch (IOException e) {
            throw new TransportException(hostName + ": cannot start bash: " + e.getMessage(), e);
        }
    }

    private void collectStderr() {
        try (InputStream in = process.getErrorStream()) {
            in.transferTo(stderr);
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public int exitStatus() throws TransportException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it exited already
        }
        try {
            process.getInputStream().close(); // stdout not read by now is not wanted (and must not block it)
        } catch (IOException e) {
            // closed already
        }
        try {
            int status = process.waitFor();
            stderrReader.join(5000);
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(hostName + ": interrupted while waiting for a transfer to end", e);
        }
    }

    @Override
    public String stderr() {
        return stderr.text();
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            // closed already
        }
    }
}
