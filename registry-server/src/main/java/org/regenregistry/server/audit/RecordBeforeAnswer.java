package org.regenregistry.server.audit;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * A response that has its request's audit record written before the first byte of the answer leaves: at the first
 * write or flush of the body, at an error or redirect, or at the end of a request without a body. The status is final
 * by then. When the record cannot be written, the answer becomes 503 and what the handler writes is dropped: nothing
 * is answered without its record. The body is never buffered, so a large export file streams as before.
 */
final class RecordBeforeAnswer extends HttpServletResponseWrapper {

    private static final String UNAVAILABLE = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
            + "\"error\",\"code\":\"transient\",\"diagnostics\":\"The audit trail cannot be written just now, and the"
            + " registry answers nothing it cannot record; try again later\"}]}";

    private final HttpServletResponse response;
    private final IntPredicate record;
    private boolean recorded;
    private boolean refused;
    private GuardedStream stream;
    private PrintWriter writer;

    /** {@code record} writes the record for an answer of the given status, and says whether it could. */
    RecordBeforeAnswer(HttpServletResponse response, IntPredicate record) {
        super(response);
        this.response = response;
        this.record = record;
    }

    /** Writes the record now, if it is not written yet; false when the answer was refused instead. */
    synchronized boolean recordNow(int status) throws IOException {
        if (!recorded) {
            recorded = true;
            if (!record.test(status)) {
                refused = true;
                response.reset();
                response.setStatus(SC_SERVICE_UNAVAILABLE);
                response.setContentType("application/fhir+json;charset=UTF-8");
                response.setHeader("Retry-After", "5");
                ServletOutputStream out = response.getOutputStream();
                out.write(UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        return !refused;
    }

    /** Ends the request: flushes what the handler wrote and writes the record if nothing did yet. */
    void finish(int status) throws IOException {
        if (writer != null) {
            writer.flush();
        }
        recordNow(status);
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new GuardedStream();
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (recordNow(getStatus())) {
            super.flushBuffer();
        }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (recordNow(status)) {
            super.sendError(status, message);
        }
    }

    @Override
    public void sendError(int status) throws IOException {
        if (recordNow(status)) {
            super.sendError(status);
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        if (recordNow(SC_FOUND)) {
            super.sendRedirect(location);
        }
    }

    /** The body's stream: records on the first byte, drops everything after a refusal. */
    private final class GuardedStream extends ServletOutputStream {

        private ServletOutputStream target;

        private boolean open() throws IOException {
            if (!recordNow(getStatus())) {
                return false;
            }
            if (target == null) {
                target = response.getOutputStream();
            }
            return true;
        }

        @Override
        public void write(int b) throws IOException {
            if (open()) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (open()) {
                target.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            if (open()) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (open()) {
                target.close();
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new IllegalStateException("The registry writes its answers synchronously");
        }
    }
}
