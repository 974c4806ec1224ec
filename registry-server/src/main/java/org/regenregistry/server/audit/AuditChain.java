package org.regenregistry.server.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.regenregistry.server.system.RegistrySchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Links new audit records into the hash chain and signs its head. Records are written in many transactions at once
 * (every request, every write), so they are linked afterwards, in batches, by one sealer at a time across registry
 * instances (the head row is locked while it moves): each record not yet linked gets the next position and the link
 * SHA-256(previous link, canonical form). At the checkpoint interval the head (position and link) is signed with
 * {@link AuditSigningKey} and kept, so a chain rewritten from some record on no longer matches a signed head.
 */
@Component
@DependsOn(RegistrySchema.BEAN)
class AuditChain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);

    private static final int BATCH = 1000;

    private final AuditLog audit;
    private final AuditSigningKey key;
    private final AuditSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock = Clock.systemUTC();
    private ThreadPoolTaskScheduler scheduler;
    private ScheduledFuture<?> sealing;
    private Instant lastCheckpoint = Instant.EPOCH;

    AuditChain(
            AuditLog audit,
            AuditSigningKey key,
            AuditSettings settings,
            PlatformTransactionManager transactionManager) {
        this.audit = audit;
        this.key = key;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Links every record written so far and signs the head if a checkpoint is due; the number of records linked. */
    synchronized int sealNow() {
        int linked = 0;
        int batch;
        do {
            batch = transactions.execute(status -> sealBatch());
            linked += batch;
        } while (batch == BATCH);
        if (clock.instant().isAfter(lastCheckpoint.plus(settings.checkpointInterval()))) {
            checkpoint();
        }
        return linked;
    }

    /** Signs the head now, unless it is signed already. */
    synchronized void checkpoint() {
        transactions.executeWithoutResult(status -> {
            JdbcTemplate jdbc = audit.jdbc();
            Head head = lockHead(jdbc);
            long position = head.position();
            String link = head.link();
            Integer signed = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM RR_AUDIT_CHECKPOINT WHERE CHAIN_POS = ?", Integer.class, position);
            if (position == 0 || signed > 0) {
                return;
            }
            Instant now = clock.instant();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("pos", position);
            claims.put("link", link);
            claims.put("iat", now.getEpochSecond());
            jdbc.update(
                    "INSERT INTO RR_AUDIT_CHECKPOINT (CHAIN_POS, LINK, SIGNED_AT, JWS) VALUES (?, ?, ?, ?)",
                    position,
                    link,
                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                    key.sign(claims));
        });
        lastCheckpoint = clock.instant();
    }

    private int sealBatch() {
        JdbcTemplate jdbc = audit.jdbc();
        Head head = lockHead(jdbc);
        long position = head.position();
        String link = head.link();
        List<AuditEntry> unlinked = jdbc.query(
                "SELECT " + AuditLog.COLUMNS + " FROM " + AuditLog.EVENTS
                        + " WHERE CHAIN_POS IS NULL ORDER BY RECORDED, EVENT_ID FETCH FIRST " + BATCH + " ROWS ONLY",
                (row, index) -> AuditLog.entry(row));
        if (unlinked.isEmpty()) {
            return 0;
        }
        List<Object[]> links = new ArrayList<>();
        for (AuditEntry entry : unlinked) {
            position++;
            link = entry.link(link);
            links.add(new Object[] {position, link, entry.id()});
        }
        jdbc.batchUpdate(
                "UPDATE " + AuditLog.EVENTS + " SET CHAIN_POS = ?, LINK = ? WHERE EVENT_ID = ? AND CHAIN_POS IS NULL",
                links);
        jdbc.update("UPDATE RR_AUDIT_CHAIN_HEAD SET CHAIN_POS = ?, LINK = ? WHERE HEAD_ID = 1", position, link);
        return unlinked.size();
    }

    /** The chain's head: its last position and link. */
    private record Head(long position, String link) {}

    /** Reads the head and locks it until the transaction ends: one sealer or signer at a time. */
    private static Head lockHead(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT CHAIN_POS, LINK FROM RR_AUDIT_CHAIN_HEAD WHERE HEAD_ID = 1 FOR UPDATE",
                (row, index) -> new Head(row.getLong(1), row.getString(2)));
    }

    private void sealQuietly() {
        try {
            sealNow();
        } catch (RuntimeException e) {
            log.warn("Could not link new audit records yet; trying again in {}", settings.sealInterval(), e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("audit-chain-");
        scheduler.setPoolSize(1);
        scheduler.initialize();
        sealing = scheduler.scheduleWithFixedDelay(this::sealQuietly, settings.sealInterval());
    }

    @Override
    public synchronized void stop() {
        if (sealing != null) {
            sealing.cancel(false);
            scheduler.shutdown();
            sealing = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sealing != null;
    }
}
