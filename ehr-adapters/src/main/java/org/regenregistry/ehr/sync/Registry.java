package org.regenregistry.ehr.sync;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;

/** What a sync needs of the registry it brings a site's records into; the application implements it. */
public interface Registry {

    /**
     * Carries out a FHIR transaction of mapped resources, all of it or nothing
     * (<a href="https://hl7.org/fhir/R4/http.html#transaction">R4 transaction</a>).
     *
     * @return the transaction-response Bundle, its entries in the order of the request's
     * @throws Refused when the registry refuses the transaction (a profile violation, a conflict); nothing was stored
     */
    Bundle transaction(Bundle transaction) throws Refused;

    /** The registry trial as stored now. */
    ResearchStudy trial(String trialId);

    /** The trial's ResearchSubjects written at or after {@code since} (all of them when it is null). */
    List<Enrolled> enrolmentsChangedSince(String trialId, Instant since);

    /** A registry ResearchSubject and its Patient. */
    record Enrolled(ResearchSubject subject, Patient patient) {}

    /** A transaction the registry would not store, with the registry's reason (status and diagnostics). */
    final class Refused extends Exception {

        public Refused(String reason) {
            super(reason);
        }
    }
}
