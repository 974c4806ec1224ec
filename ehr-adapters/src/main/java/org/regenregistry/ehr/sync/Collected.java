package org.regenregistry.ehr.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a sync read from the EHR, by patient. Only the trial's patients (the Group's members) are kept: anything about
 * another patient is dropped at once and reported, so no other patient's data goes further than this.
 */
final class Collected {

    private final Set<String> members;
    private final Map<String, List<Resource>> byPatient = new LinkedHashMap<>();
    private final List<SyncIssue> issues = new ArrayList<>();
    private long read;

    Collected(Set<String> members) {
        this.members = members;
    }

    synchronized void add(Resource resource) {
        read++;
        Optional<String> patient = Patients.of(resource);
        String source = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        if (patient.isEmpty()) {
            issues.add(new SyncIssue(SyncIssue.Outcome.SKIPPED, source, "not about a patient the registry reads"));
        } else if (!members.contains(patient.get())) {
            issues.add(new SyncIssue(
                    SyncIssue.Outcome.SKIPPED, source, "about a patient who is not a member of the trial's Group"));
        } else {
            List<Resource> resources = byPatient.computeIfAbsent(patient.get(), id -> new ArrayList<>());
            if (resource instanceof Patient) {
                resources.removeIf(Patient.class::isInstance);
            }
            resources.add(resource);
        }
    }

    synchronized void issue(SyncIssue issue) {
        issues.add(issue);
    }

    /** Patients with changed resources whose own Patient resource was not read (it did not change). */
    synchronized List<String> patientsWithoutPatient() {
        return byPatient.entrySet().stream()
                .filter(entry -> entry.getValue().stream().noneMatch(Patient.class::isInstance))
                .map(Map.Entry::getKey)
                .toList();
    }

    synchronized Map<String, List<Resource>> byPatient() {
        return byPatient;
    }

    synchronized List<SyncIssue> issues() {
        return List.copyOf(issues);
    }

    synchronized long read() {
        return read;
    }
}
