package org.regenregistry.server.submission;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * Proves a submission again, long after it came: its bytes as received still hash to the digest taken on receipt,
 * its signature still verifies with the key it was verified with then, each version it wrote still holds what was
 * stored (a change in the database past every API shows here), and every record is still at the version it wrote,
 * or was changed by a later submission; any other change is drift, named with the version submitted and the version
 * now. Also what changed between two submissions of a period.
 */
@Component
class SubmissionVerification {

    /** How many records one read of current versions asks for. */
    private static final int PAGE = 200;

    private final FhirContext fhir;
    private final SubmissionStore store;
    private final DaoRegistry daos;

    SubmissionVerification(FhirContext fhir, SubmissionStore store, DaoRegistry daos) {
        this.fhir = fhir;
        this.store = store;
        this.daos = daos;
    }

    /**
     * @param intact whether the bytes, the signature and every record are as submitted (changes by later
     *     submissions aside)
     * @param signature {@code valid}, or why the signature no longer verifies
     * @param bytesIntact whether the kept bytes hash to the digest taken on receipt
     * @param unchanged the records still at the version submitted
     * @param drift the records changed outside any submission, or deleted
     * @param resubmitted the records changed by a later submission
     */
    record Report(
            String submission,
            boolean intact,
            String signature,
            boolean bytesIntact,
            int records,
            int unchanged,
            List<Drift> drift,
            List<Resubmitted> resubmitted) {}

    /**
     * A record no longer as submitted: {@code edited} (its current version was written outside a submission), {@code
     * deleted}, {@code altered} (the version submitted no longer holds what was stored: changed in the database, past
     * every API) or {@code missing} (that version is gone).
     */
    record Drift(String record, String identifier, String submitted, String current, String change) {}

    /** A record only later submissions changed (every version since came from one; the last named). */
    record Resubmitted(String record, String submitted, String current, String submission) {}

    /** The records added, changed and removed from {@code against} to {@code submission}. */
    record Diff(
            String submission,
            String against,
            List<String> added,
            List<Changed> changed,
            List<String> removed,
            int unchanged) {}

    /** A record in both submissions, with different content. */
    record Changed(String identifier, String before, String after) {}

    Report verify(Submission submission) {
        byte[] received = bytes(submission);
        boolean bytesIntact = CanonicalJson.sha256(received).equals(submission.digest());
        String signature = signature(submission, received);
        List<Drift> drift = new ArrayList<>();
        List<Resubmitted> resubmitted = new ArrayList<>();
        int unchanged = 0;
        List<Submission.Written> records = store.records(submission.id());
        Map<String, IBaseResource> current = current(records);
        for (Submission.Written record : records) {
            String versionless = record.type() + "/" + record.id();
            IBaseResource now = current.get(versionless);
            long version = now == null ? -1 : now.getIdElement().getVersionIdPartAsLong();
            Optional<String> stored = version == record.version()
                    ? Optional.of(CanonicalJson.contentDigest(fhir, now))
                    : storedDigest(record);
            if (stored.isEmpty() || !stored.get().equals(record.stored())) {
                drift.add(new Drift(
                        versionless,
                        record.identifier(),
                        record.reference(),
                        null,
                        stored.isEmpty() ? "missing" : "altered"));
            } else if (now == null) {
                drift.add(new Drift(versionless, record.identifier(), record.reference(), null, "deleted"));
            } else if (version == record.version()) {
                unchanged++;
            } else {
                String later = versionless + "/_history/" + version;
                Map<Long, String> bySubmissions =
                        store.laterVersionsBySubmissions(record.type(), record.id(), record.version());
                boolean onlySubmissions =
                        LongStream.rangeClosed(record.version() + 1, version).allMatch(bySubmissions::containsKey);
                if (onlySubmissions) {
                    resubmitted.add(
                            new Resubmitted(versionless, record.reference(), later, bySubmissions.get(version)));
                } else {
                    drift.add(new Drift(versionless, record.identifier(), record.reference(), later, "edited"));
                }
            }
        }
        return new Report(
                submission.id(),
                bytesIntact && "valid".equals(signature) && drift.isEmpty(),
                signature,
                bytesIntact,
                records.size(),
                unchanged,
                drift,
                resubmitted);
    }

    /** The current version of each record that still exists, by {@code Type/id}: read a page of ids at a time. */
    private Map<String, IBaseResource> current(List<Submission.Written> records) {
        Map<String, IBaseResource> current = new HashMap<>();
        Map<String, List<String>> idsByType = records.stream()
                .collect(Collectors.groupingBy(
                        Submission.Written::type, Collectors.mapping(Submission.Written::id, Collectors.toList())));
        idsByType.forEach((type, ids) -> {
            IFhirResourceDao<?> dao = daos.getResourceDao(type);
            for (int from = 0; from < ids.size(); from += PAGE) {
                List<String> page = ids.subList(from, Math.min(ids.size(), from + PAGE));
                TokenOrListParam anyOf = new TokenOrListParam();
                page.forEach(id -> anyOf.addOr(new TokenParam(id)));
                SearchParameterMap byId = SearchParameterMap.newSynchronous().add("_id", anyOf);
                byId.setLoadSynchronousUpTo(page.size());
                dao.search(byId, new SystemRequestDetails())
                        .getResources(0, page.size())
                        .forEach(found ->
                                current.put(type + "/" + found.getIdElement().getIdPart(), found));
            }
        });
        return current;
    }

    Diff diff(Submission submission, Submission against) {
        Map<String, Submission.Written> before = byIdentifier(store.records(against.id()));
        Map<String, Submission.Written> after = byIdentifier(store.records(submission.id()));
        List<String> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        int unchanged = 0;
        for (Map.Entry<String, Submission.Written> entry : after.entrySet()) {
            Submission.Written earlier = before.get(entry.getKey());
            if (earlier == null) {
                added.add(entry.getKey());
            } else if (earlier.digest().equals(entry.getValue().digest())) {
                unchanged++;
            } else {
                changed.add(new Changed(
                        entry.getKey(), earlier.reference(), entry.getValue().reference()));
            }
        }
        List<String> removed = before.keySet().stream()
                .filter(key -> !after.containsKey(key))
                .sorted()
                .toList();
        return new Diff(submission.id(), against.id(), added, changed, removed, unchanged);
    }

    private static Map<String, Submission.Written> byIdentifier(List<Submission.Written> records) {
        return records.stream()
                .collect(Collectors.toMap(
                        record -> record.type() + " " + record.identifier(),
                        Function.identity(),
                        (first, second) -> first,
                        java.util.TreeMap::new));
    }

    private byte[] bytes(Submission submission) {
        Binary binary = (Binary)
                daos.getResourceDao("Binary").read(new IdType(submission.binary()), new SystemRequestDetails());
        return binary.getData();
    }

    private static String signature(Submission submission, byte[] received) {
        try {
            JWK key = JWK.parse(submission.signerKey());
            SubmissionSignature.verify(
                    CanonicalJson.parse(received),
                    submission.site(),
                    kid -> kid.equals(submission.keyId()) ? Optional.of(key) : Optional.empty());
            return "valid";
        } catch (SubmissionSignature.Refused | IllegalArgumentException refused) {
            return refused.getMessage();
        } catch (ParseException e) {
            return "The key kept with the submission cannot be read: " + e.getMessage();
        }
    }

    /** The digest of the version the submission wrote, as it is stored now. */
    private Optional<String> storedDigest(Submission.Written record) {
        try {
            IBaseResource version = daos.getResourceDao(record.type())
                    .read(
                            new IdType(record.type(), record.id(), String.valueOf(record.version())),
                            new SystemRequestDetails());
            return Optional.of(CanonicalJson.contentDigest(fhir, version));
        } catch (ResourceGoneException | ResourceNotFoundException gone) {
            return Optional.empty();
        }
    }
}
