package org.regenregistry.ehr.sync;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.regenregistry.ehr.mapping.EhrPatientLinks;
import org.regenregistry.ehr.mapping.RegistryIdentifiers;
import org.regenregistry.ehr.push.EhrWriteRefusedException;
import org.regenregistry.ehr.push.EnrolmentPusher;
import org.regenregistry.ehr.push.EnrolmentUpdate;
import org.regenregistry.profiles.RegistryCodeSystems;

/**
 * Pushes the registry's enrolments in a site's trial back to a read-write site: each registry ResearchSubject of one
 * of the site's patients that was written since the last push becomes (or updates) a ResearchSubject of the EHR's
 * Patient in the EHR's ResearchStudy of the trial (<a href="https://hl7.org/fhir/R4/researchsubject.html">R4
 * ResearchSubject</a>). The EHR Patient is found among the members of the site's Group through the keyed hash the
 * registry Patient carries, so the registry never stores the EHR's id. It runs inside the site's sync, under its
 * lease: before the sync reads (so an enrolment changed in the registry reaches the EHR before the EHR's record is
 * read back) and after it writes (so an enrolment the sync just created reaches the EHR in the same run).
 */
final class EnrolmentPush {

    private final SiteSpec site;
    private final EnrolmentPusher pusher;
    private final Registry registry;
    private final EhrPatientLinks links;
    private final Map<String, String> ehrPatientByHash = new HashMap<>();
    private final Clock clock;
    private String ehrStudyId;

    EnrolmentPush(
            SiteSpec site, EnrolmentPusher pusher, Registry registry, Collection<String> ehrPatientIds, Clock clock) {
        this.site = site;
        this.pusher = pusher;
        this.registry = registry;
        this.links = new EhrPatientLinks(site.source());
        this.clock = clock;
        ehrPatientIds.forEach(id -> ehrPatientByHash.put(links.hashOf(id), id));
    }

    /**
     * Pushes the enrolments written at or after {@code since} (all when null).
     *
     * @throws IOException when the EHR could not be reached or answered with an error other than a refusal: the sync
     *     stops before it reads, so the EHR's older record cannot overwrite the registry's change
     */
    Result push(Instant since) throws IOException, InterruptedException {
        Instant searchedAt = clock.instant();
        String trialId = site.trial();
        List<Registry.Enrolled> changed = registry.enrolmentsChangedSince(trialId, since).stream()
                .filter(enrolled ->
                        enrolled.patient().getMeta().getSecurity(RegistryCodeSystems.SOURCE_SITE, site.id()) != null)
                .toList();
        long pushed = 0;
        List<SyncIssue> issues = new ArrayList<>();
        if (changed.isEmpty()) {
            return new Result(searchedAt, pushed, issues);
        }
        try {
            study(trialId);
        } catch (EhrWriteRefusedException refused) {
            issues.add(SyncIssue.failed("ResearchStudy/" + trialId, refused.getMessage()));
            return new Result(searchedAt, pushed, issues);
        }
        for (Registry.Enrolled enrolled : changed) {
            String source =
                    "ResearchSubject/" + enrolled.subject().getIdElement().getIdPart();
            Optional<String> ehrPatient = links.hashIn(enrolled.patient()).map(ehrPatientByHash::get);
            Optional<String> pseudonym = EhrPatientLinks.pseudonymOf(enrolled.patient());
            if (ehrPatient.isEmpty() || pseudonym.isEmpty()) {
                issues.add(SyncIssue.skipped(
                        source, "not pushed: its Patient is no member of the site's Group " + site.groupId()));
                continue;
            }
            EnrolmentUpdate update = new EnrolmentUpdate(
                    RegistryIdentifiers.enrolment(trialId, pseudonym.get()),
                    ehrSubjectOf(enrolled).orElse(null),
                    ehrPatient.get(),
                    ehrStudyId,
                    enrolled.subject().getStatus(),
                    enrolled.subject().getPeriod(),
                    enrolled.subject().getAssignedArm());
            try {
                if (pusher.subject(update).wrote()) {
                    pushed++;
                }
            } catch (EhrWriteRefusedException refused) {
                issues.add(SyncIssue.failed(source, refused.getMessage()));
            }
        }
        return new Result(searchedAt, pushed, issues);
    }

    private void study(String trialId) throws IOException, InterruptedException {
        if (ehrStudyId == null) {
            ResearchStudy trial = registry.trial(trialId);
            ehrStudyId = pusher.study(trial).id();
        }
    }

    /** The EHR ResearchSubject the registry copy was read from, named by its source identifier. */
    private Optional<String> ehrSubjectOf(Registry.Enrolled enrolled) {
        String system = RegistryIdentifiers.source(site.id());
        return enrolled.subject().getIdentifier().stream()
                .filter(identifier -> system.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .filter(value -> value != null && value.startsWith("ResearchSubject/"))
                .map(value -> value.substring("ResearchSubject/".length()))
                .findFirst();
    }

    /**
     * What one push did.
     *
     * @param searchedAt when the registry was searched: the next push starts there
     * @param pushed EHR ResearchSubjects created or updated
     */
    record Result(Instant searchedAt, long pushed, List<SyncIssue> issues) {

        /** What a read-only site pushes. */
        static final Result NONE = new Result(null, 0, List.of());

        /**
         * Whether every change that can reach the EHR did: a refused write is tried again by the next push, an
         * enrolment whose Patient is no member of the site's Group is not.
         */
        boolean complete() {
            return issues.stream().noneMatch(issue -> issue.outcome() == SyncIssue.Outcome.FAILED);
        }
    }
}
