package org.regenregistry.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.regenregistry.server.access.TestCallers.caller;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.security.SmartScope.Permission;

class AccessPolicyTest {

    /** Restrictions as the matcher would evaluate {@code status=...} on an Observation, the only one used here. */
    private static final AccessPolicy.Restrictions STATUS = (resource, restrictions) -> resource
                    instanceof Observation observation
            && restrictions.equals(Map.of("status", observation.getStatus().toCode()));

    private final AccessPolicy policy = new AccessPolicy(true, STATUS);

    private final Caller stOlaf = caller(Role.SITE, "st-olaf", "system/*.cruds");
    private final Caller regulator = caller(Role.REGULATOR, null, "system/*.rs");
    private final Caller researcher = caller(Role.RESEARCHER, null, "system/*.rs");
    private final Caller admin = caller(Role.REGISTRY_ADMIN, null, "system/*.rs");

    @Test
    void aSiteReadsItsOwnSubjectsOnlyAndEveryTrial() {
        Patient own = patientOf("st-olaf");
        Patient other = patientOf("lakeside");

        assertThat(policy.mayRead(stOlaf, "Patient", own, Permission.READ)).isTrue();
        assertThat(policy.mayRead(stOlaf, "Patient", other, Permission.READ)).isFalse();
        assertThat(policy.mayRead(stOlaf, "Patient", new Patient(), Permission.READ))
                .as("a subject-level record of no site")
                .isFalse();
        assertThat(policy.mayRead(stOlaf, "ResearchStudy", new ResearchStudy(), Permission.READ))
                .isTrue();
    }

    @Test
    void aRegulatorReadsEverySiteAndWritesNothing() {
        assertThat(policy.mayRead(regulator, "Patient", patientOf("lakeside"), Permission.SEARCH))
                .isTrue();
        assertThat(policy.mayWrite(regulator, "Observation", null, Permission.CREATE))
                .isFalse();
    }

    @Test
    void researchersAdminsAndAnonymousCallersSeeNoSubjectLevelRecord() {
        for (Caller caller : List.of(researcher, admin, Caller.ANONYMOUS)) {
            assertThat(policy.mayRead(caller, "Patient", patientOf("st-olaf"), Permission.READ))
                    .as(caller.describe())
                    .isFalse();
            assertThat(policy.mayRead(caller, "Observation", null, Permission.SEARCH))
                    .as(caller.describe())
                    .isFalse();
            assertThat(policy.mayRead(caller, "ResearchStudy", new ResearchStudy(), Permission.READ))
                    .as(caller.describe())
                    .isTrue();
        }
    }

    @Test
    void aGroupListingMembersIsSubjectLevel() {
        Group eligibility = new Group().setActual(false);
        Group cohort = new Group().setActual(true);
        cohort.addMember().setEntity(new Reference("Patient/1"));

        assertThat(policy.mayRead(researcher, "Group", eligibility, Permission.READ))
                .isTrue();
        assertThat(policy.mayRead(researcher, "Group", cohort, Permission.READ)).isFalse();
    }

    @Test
    void aDeviceImplantedInAPatientIsSubjectLevel() {
        Device stock = new Device().setDefinition(new Reference("DeviceDefinition/scs"));
        Device implanted = new Device().setDefinition(new Reference("DeviceDefinition/scs"));
        implanted.setPatient(new Reference("Patient/1")).setSerialNumber("IPG-0001");

        assertThat(policy.mayRead(researcher, "Device", stock, Permission.READ)).isTrue();
        assertThat(policy.mayRead(researcher, "Device", implanted, Permission.READ))
                .isFalse();
    }

    @Test
    void withoutPublicTrialRecordsACallerWithoutTokenSeesNothing() {
        AccessPolicy closed = new AccessPolicy(false, STATUS);

        assertThat(closed.mayRead(Caller.ANONYMOUS, "ResearchStudy", new ResearchStudy(), Permission.READ))
                .isFalse();
        assertThat(closed.mayRead(researcher, "ResearchStudy", new ResearchStudy(), Permission.READ))
                .isTrue();
    }

    @Test
    void theScopesNarrowTheRole() {
        Caller readsObservations = caller(Role.SITE, "st-olaf", "system/Observation.rs");
        Caller createsOnly = caller(Role.SITE, "st-olaf", "system/Observation.c");

        assertThat(policy.mayRead(readsObservations, "Observation", observationOf("st-olaf"), Permission.READ))
                .isTrue();
        assertThat(policy.mayRead(readsObservations, "Patient", patientOf("st-olaf"), Permission.READ))
                .isFalse();
        assertThat(policy.mayWrite(readsObservations, "Observation", null, Permission.CREATE))
                .isFalse();
        assertThat(policy.mayWrite(createsOnly, "Observation", null, Permission.CREATE))
                .isTrue();
        assertThat(policy.mayWrite(createsOnly, "Observation", observationOf("st-olaf"), Permission.UPDATE))
                .as("create does not grant update")
                .isFalse();
    }

    @Test
    void aRestrictedScopeGrantsTheRecordsThatMatchItOnly() {
        Caller finalOnly = caller(Role.SITE, "st-olaf", "system/Observation.crs?status=final");
        Observation finalScore = observationOf("st-olaf").setStatus(Observation.ObservationStatus.FINAL);
        Observation preliminary = observationOf("st-olaf").setStatus(Observation.ObservationStatus.PRELIMINARY);

        assertThat(policy.mayRead(finalOnly, "Observation", null, Permission.SEARCH))
                .as("a search on its way in, its results checked one by one")
                .isTrue();
        assertThat(policy.mayRead(finalOnly, "Observation", finalScore, Permission.READ))
                .isTrue();
        assertThat(policy.mayRead(finalOnly, "Observation", preliminary, Permission.READ))
                .isFalse();
        assertThat(policy.mayWrite(finalOnly, "Observation", preliminary, Permission.CREATE))
                .isFalse();
        assertThat(policy.mayWrite(finalOnly, "Observation", finalScore, Permission.CREATE))
                .isTrue();
    }

    @Test
    void aSiteChangesItsOwnRecordsOnlyAndNeverThePackage() {
        assertThat(policy.mayWrite(stOlaf, "Observation", observationOf("st-olaf"), Permission.DELETE))
                .isTrue();
        assertThat(policy.mayWrite(stOlaf, "Observation", observationOf("lakeside"), Permission.DELETE))
                .isFalse();
        assertThat(policy.mayWrite(stOlaf, "StructureDefinition", null, Permission.CREATE))
                .isFalse();
        assertThat(policy.mayWrite(stOlaf, "AuditEvent", null, Permission.CREATE))
                .as("audit records are the registry's own")
                .isFalse();
        assertThat(policy.mayRead(researcher, "StructureDefinition", new StructureDefinition(), Permission.READ))
                .as("the package needs no scope")
                .isTrue();
    }

    @Test
    void anExportFileIsReadByTheClientThatAskedForItAndByRegulators() {
        Binary file = new Binary();
        file.getSecurityContext()
                .getIdentifier()
                .setSystem(BulkExportAccessInterceptor.CLIENT_SYSTEM)
                .setValue(stOlaf.client());
        Caller otherSiteClient = new Caller("lakeside-client", Role.SITE, "lakeside", stOlaf.scopes());
        Caller ownerWithoutScopes = new Caller(stOlaf.client(), Role.SITE, "st-olaf", List.of());

        assertThat(policy.mayRead(ownerWithoutScopes, "Binary", file, Permission.READ))
                .isTrue();
        assertThat(policy.mayRead(otherSiteClient, "Binary", file, Permission.READ))
                .isFalse();
        assertThat(policy.mayRead(regulator, "Binary", file, Permission.READ)).isTrue();
        assertThat(policy.mayRead(Caller.ANONYMOUS, "Binary", file, Permission.READ))
                .isFalse();
        assertThat(policy.mayRead(stOlaf, "Binary", new Binary(), Permission.READ))
                .as("a Binary that is no export file, of no site")
                .isFalse();
    }

    private static Patient patientOf(String site) {
        Patient patient = new Patient();
        SiteLabels.stamp(patient, site);
        return patient;
    }

    private static Observation observationOf(String site) {
        Observation observation = new Observation();
        SiteLabels.stamp(observation, site);
        return observation;
    }
}
