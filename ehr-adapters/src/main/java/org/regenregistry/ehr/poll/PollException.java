package org.regenregistry.ehr.poll;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A poll stopped before the last page: the EHR answered a page with an error, sent a page that is not a Bundle, or
 * pointed to a next page outside its FHIR base. The high-water mark was not moved; the resources handed over so far
 * will come again with the next poll.
 */
public class PollException extends IOException {

    private final URI page;
    private final List<PollIssue> issues;

    public PollException(URI page, String message, List<PollIssue> issues) {
        super(message);
        this.page = page;
        this.issues = List.copyOf(issues);
    }

    /** The page the poll stopped at. */
    public URI page() {
        return page;
    }

    /** The issues up to the stop, the reason for the stop last. */
    public List<PollIssue> issues() {
        return issues;
    }
}
