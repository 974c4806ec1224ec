package org.regenregistry.server.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.profiles.CoreExtensions;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * Trials with subjects whose pain is drawn at random around a known truth, so that an analysis can be checked against
 * it: the PRP example trial under a new identifier and title, its arms as given, and per subject a baseline and a
 * 6-month pain VAS (LOINC 38214-3, mm, to a tenth). Each arm's 6-month change is normal with the arm's true mean change and the
 * given SD (values kept within 0-100). Needs the example trials loaded ({@link ExampleTrials#ensureLoaded}).
 */
public final class GeneratedTrials {

    /** The pain VAS, 0-100 mm. */
    public static final String VAS = "38214-3";

    private static final double BASELINE = 65;
    private static final double BASELINE_SD = 8;

    private GeneratedTrials() {}

    /**
     * An arm of a generated trial.
     *
     * @param name its name
     * @param type its arm-type code
     * @param subjects how many subjects
     * @param trueChange the true mean change from baseline at 6 months
     */
    public record Arm(String name, String type, int subjects, double trueChange) {}

    /**
     * A subject as written.
     *
     * @param arm the arm
     * @param patient the Patient's id ({@code Patient/123})
     * @param subject the ResearchSubject's id
     * @param start the subject's start
     * @param baseline the baseline score's id
     * @param later the 6-month score's id
     * @param change the 6-month score minus the baseline
     */
    public record Subject(
            String arm,
            String patient,
            String subject,
            LocalDate start,
            String baseline,
            String later,
            double change) {}

    /**
     * A trial as written.
     *
     * @param trial the ResearchStudy's id
     * @param subjects its subjects, in the order of the arms given
     */
    public record Written(String trial, List<Subject> subjects) {}

    /** Writes a trial, then its subjects (a Patient, a ResearchSubject and two scores each) in transactions of 48. */
    public static Written write(
            IGenericClient client, String title, LocalDate start, double sd, Random random, Arm... arms) {
        ResearchStudy study = ExampleTrials.newTrial("RR-GEN-" + UUID.randomUUID());
        study.setTitle(title);
        study.getArm().clear();
        for (Arm arm : arms) {
            study.addArm()
                    .setName(arm.name())
                    .setDescription("Generated arm " + arm.name())
                    .setType(new CodeableConcept(new Coding(RegistryCodeSystems.ARM_TYPE, arm.type(), null)));
        }
        String trial = client.create().resource(study).execute().getId().getIdPart();
        List<Subject> subjects = new ArrayList<>();
        List<Entry> batch = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<String> armsOfBatch = new ArrayList<>();
        int number = 0;
        for (Arm arm : arms) {
            for (int i = 0; i < arm.subjects(); i++) {
                number++;
                String subjectId = "GEN-" + UUID.randomUUID();
                String patientUrn = "urn:uuid:" + UUID.randomUUID();
                Patient patient = new Patient();
                patient.addIdentifier(new Identifier()
                        .setSystem(RegistryIdentifierSystems.SUBJECT)
                        .setValue(subjectId));
                LocalDate enrolled = start.plusDays(number % 30);
                ResearchSubject subject = ExampleTrials.newSubject(
                        subjectId, new Reference(patientUrn), new Reference("ResearchStudy/" + trial));
                subject.setAssignedArm(arm.name());
                subject.getPeriod().setStartElement(new DateTimeType(enrolled.toString()));
                double baseline = clamp(BASELINE + BASELINE_SD * random.nextGaussian());
                double later = round(clamp(baseline + arm.trueChange() + sd * random.nextGaussian()));
                baseline = round(baseline);
                batch.add(new Entry(patientUrn, patient));
                batch.add(new Entry(subject));
                batch.add(new Entry(score(patientUrn, "ResearchStudy/" + trial, enrolled, baseline)));
                batch.add(new Entry(score(patientUrn, "ResearchStudy/" + trial, enrolled.plusDays(182), later)));
                values.add(new double[] {baseline, later});
                armsOfBatch.add(arm.name());
                if (batch.size() >= 48) {
                    subjects.addAll(post(client, batch, values, armsOfBatch));
                }
            }
        }
        if (!batch.isEmpty()) {
            subjects.addAll(post(client, batch, values, armsOfBatch));
        }
        return new Written(trial, subjects);
    }

    /** Posts the batch as one transaction and clears it; the subjects it wrote. */
    private static List<Subject> post(
            IGenericClient client, List<Entry> batch, List<double[]> values, List<String> arms) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Entry entry : batch) {
            transaction
                    .addEntry()
                    .setFullUrl(entry.urn())
                    .setResource(entry.resource())
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl(entry.resource().fhirType());
        }
        List<String> ids = client.transaction().withBundle(transaction).execute().getEntry().stream()
                .map(entry -> entry.getResponse().getLocation())
                .map(location -> location.substring(0, location.indexOf("/_history")))
                .toList();
        List<Subject> written = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ResearchSubject subject = (ResearchSubject) batch.get(4 * i + 1).resource();
            written.add(new Subject(
                    arms.get(i),
                    ids.get(4 * i),
                    ids.get(4 * i + 1),
                    LocalDate.parse(subject.getPeriod().getStartElement().getValueAsString()),
                    ids.get(4 * i + 2),
                    ids.get(4 * i + 3),
                    values.get(i)[1] - values.get(i)[0]));
        }
        batch.clear();
        values.clear();
        arms.clear();
        return written;
    }

    /** A transaction entry and the {@code urn:uuid} others refer to it by. */
    private record Entry(String urn, Resource resource) {
        Entry(Resource resource) {
            this("urn:uuid:" + UUID.randomUUID(), resource);
        }
    }

    /** A pain VAS score of the Pain score profile. */
    public static Observation score(String patient, String study, LocalDate day, double millimetres) {
        Observation score = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        score.getMeta().addProfile(RegistryProfiles.PAIN_SCORE);
        score.addExtension(new Extension(CoreExtensions.RESEARCH_STUDY, new Reference(study)));
        score.addCategory()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("survey");
        score.getCode().addCoding().setSystem("http://loinc.org").setCode(VAS);
        score.setSubject(new Reference(patient));
        score.setEffective(new DateTimeType(day.toString()));
        score.setValue(new Quantity()
                .setValue(millimetres)
                .setUnit("mm")
                .setSystem("http://unitsofmeasure.org")
                .setCode("mm"));
        return score;
    }

    /** To the tenth of a millimetre, as a VAS is read. */
    private static double round(double millimetres) {
        return Math.round(millimetres * 10) / 10.0;
    }

    private static double clamp(double millimetres) {
        return Math.max(0, Math.min(100, millimetres));
    }
}
