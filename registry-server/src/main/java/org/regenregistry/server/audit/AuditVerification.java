package org.regenregistry.server.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the audit trail: recomputes every link of the chain from the records as stored, checks each signed checkpoint
 * against its signature and the chain, and names the first record that was altered, removed or inserted. A record
 * whose link does not follow is an insertion when the record after it follows straight from the one before it, and an
 * alteration otherwise; a missing position is a removal; a chain recomputed after a change shows where it no longer
 * matches a signed checkpoint. Records not yet linked after the grace period are reported too.
 */
@Component
class AuditVerification {

    private final AuditLog audit;
    private final AuditSigningKey key;
    private final AuditSettings settings;
    private final TransactionTemplate readOnly;
    private final Clock clock = Clock.systemUTC();

    AuditVerification(
            AuditLog audit, AuditSigningKey key, AuditSettings settings, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.key = key;
        this.settings = settings;
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
    }

    /**
     * What verification found.
     *
     * @param intact whether the chain and its checkpoints are as written
     * @param verified how many records were checked and found in place before the first problem
     * @param head the chain's head position
     * @param checkpoints how many signed checkpoints were checked
     * @param problem the first problem, or {@code null}
     */
    record Report(boolean intact, long verified, long head, int checkpoints, Problem problem) {}

    /**
     * @param kind {@code altered}, {@code inserted}, {@code removed}, {@code rewritten} (the chain no longer matches a
     *     signed checkpoint), {@code bad-checkpoint} (a checkpoint's signature does not hold) or {@code unlinked}
     * @param position the chain position where it shows
     * @param eventId the record named, when there is one
     * @param detail what was found, in words
     */
    record Problem(String kind, long position, String eventId, String detail) {}

    Report verify() {
        return readOnly.execute(status -> walk());
    }

    /**
     * Walks the chain up to the head as it stands when verification starts: what the sealer links meanwhile is left
     * to the next verification.
     */
    private Report walk() {
        long head = head();
        Map<Long, String> signed = new HashMap<>();
        List<Map<String, Object>> checkpoints = audit.jdbc()
                .queryForList(
                        "SELECT CHAIN_POS, LINK, JWS FROM RR_AUDIT_CHECKPOINT WHERE CHAIN_POS <= ? ORDER BY CHAIN_POS",
                        head);
        for (Map<String, Object> checkpoint : checkpoints) {
            long position = ((Number) checkpoint.get("CHAIN_POS")).longValue();
            Map<String, Object> claims = key.verified((String) checkpoint.get("JWS"));
            if (claims == null
                    || ((Number) claims.get("pos")).longValue() != position
                    || !checkpoint.get("LINK").equals(claims.get("link"))) {
                return new Report(
                        false,
                        0,
                        head,
                        checkpoints.size(),
                        new Problem(
                                "bad-checkpoint",
                                position,
                                null,
                                "the checkpoint at position " + position
                                        + " does not carry the registry's signature over it"));
            }
            signed.put(position, (String) checkpoint.get("LINK"));
        }
        Walk walk = new Walk(signed);
        try {
            audit.chain(head, walk);
        } catch (Walk.Stop stop) {
            // the first problem is found; the rest of the chain is not read
        }
        Problem problem = walk.end(head, signed);
        if (problem == null) {
            Instant unlinkedSince = audit.oldestUnlinked();
            if (unlinkedSince != null && unlinkedSince.isBefore(clock.instant().minus(settings.unlinkedGrace()))) {
                problem = new Problem(
                        "unlinked",
                        walk.expected,
                        null,
                        "records written since " + unlinkedSince + " are not linked into the chain");
            }
        }
        return new Report(problem == null, walk.verified, head, checkpoints.size(), problem);
    }

    private long head() {
        return audit.jdbc().queryForObject("SELECT CHAIN_POS FROM RR_AUDIT_CHAIN_HEAD WHERE HEAD_ID = 1", Long.class);
    }

    /** The walk along the chain, one record at a time, with the stored link of the record before. */
    private static final class Walk implements java.util.function.Consumer<AuditLog.Linked> {

        /** Ends the walk at the first problem. */
        static final class Stop extends RuntimeException {
            Stop() {
                super(null, null, false, false);
            }
        }

        private final Map<Long, String> signed;
        private String previous = AuditEntry.GENESIS;
        private String previousId;
        private long expected = 1;
        private long verified;
        private AuditLog.Linked suspect;
        private Problem problem;

        Walk(Map<Long, String> signed) {
            this.signed = signed;
        }

        @Override
        public void accept(AuditLog.Linked record) {
            if (suspect != null) {
                boolean skipsSuspect = record.entry().link(previous).equals(record.link());
                problem = skipsSuspect
                        ? new Problem(
                                "inserted",
                                suspect.position(),
                                suspect.entry().id(),
                                "record " + suspect.entry().id() + " at position " + suspect.position()
                                        + " was put into the chain: the record after it links to the one before it")
                        : altered(suspect);
                throw new Stop();
            }
            if (record.position() != expected) {
                problem = new Problem(
                        "removed",
                        expected,
                        null,
                        "positions " + expected + " to " + (record.position() - 1) + " are missing"
                                + (previousId == null ? "" : ", after record " + previousId));
                throw new Stop();
            }
            if (!record.entry().link(previous).equals(record.link())) {
                suspect = record;
                return;
            }
            String checkpoint = signed.get(record.position());
            if (checkpoint != null && !checkpoint.equals(record.link())) {
                problem = new Problem(
                        "rewritten",
                        record.position(),
                        record.entry().id(),
                        "the chain up to position " + record.position()
                                + " does not match its signed checkpoint: records before it were changed and the"
                                + " links after them recomputed");
                throw new Stop();
            }
            previous = record.link();
            previousId = record.entry().id();
            expected++;
            verified++;
        }

        /** The problem found, or one at the end of the chain: the last record altered, or records after it gone. */
        Problem end(long head, Map<Long, String> signed) {
            if (problem != null) {
                return problem;
            }
            if (suspect != null) {
                return altered(suspect);
            }
            long last = expected - 1;
            long lastSigned =
                    signed.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            if (head > last || lastSigned > last) {
                return new Problem(
                        "removed",
                        expected,
                        null,
                        "positions " + expected + " to " + Math.max(head, lastSigned) + " are missing"
                                + (previousId == null ? "" : ", after record " + previousId));
            }
            return null;
        }

        private static Problem altered(AuditLog.Linked record) {
            return new Problem(
                    "altered",
                    record.position(),
                    record.entry().id(),
                    "record " + record.entry().id() + " at position " + record.position()
                            + " is not what was written: its link does not follow from its content");
        }
    }
}
