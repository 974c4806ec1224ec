package org.regenregistry.ctgov;

import static org.regenregistry.ctgov.StudyJson.digest;
import static org.regenregistry.ctgov.StudyJson.first;
import static org.regenregistry.ctgov.StudyJson.list;
import static org.regenregistry.ctgov.StudyJson.text;
import static org.regenregistry.ctgov.StudyJson.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactDetail;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchStudy.ResearchStudyStatus;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.hl7.fhir.r4.model.UriType;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * Maps a ClinicalTrials.gov API v2 study onto the registry profiles: the trial (rr-trial ResearchStudy), its
 * eligibility (rr-eligibility Group), its sites (rr-site Locations) and its sponsor (Organization), as one
 * transaction of PUTs to ids derived from the record (the NCT number; a site's name and place; a sponsor's name), so
 * that importing a record again writes the same resources and HAPI stores no new version. Every mapping choice is in
 * docs/ctgov-import.md, after HL7's ResearchStudy mapping to ClinicalTrials.gov.
 *
 * @see <a href="https://hl7.org/fhir/R5/researchstudy-mappings.html">ResearchStudy mappings (R5, ClinicalTrials.gov
 *     column)</a>
 */
public final class StudyMapper {

    /** The study page at ClinicalTrials.gov, the record's address in the source-record extension. */
    public static final String STUDY_PAGE = "https://clinicaltrials.gov/study/";

    /** The identifier system of NCT numbers, as rr-trial slices it. */
    public static final String NCT_SYSTEM = "https://clinicaltrials.gov";

    static final String MESH = "https://www.nlm.nih.gov/mesh";
    private static final String PHASE_SYSTEM = "http://terminology.hl7.org/CodeSystem/research-study-phase";
    private static final String PURPOSE_SYSTEM = "http://terminology.hl7.org/CodeSystem/research-study-prim-purp-type";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final Pattern NCT_ID = Pattern.compile("NCT\\d{8}");
    private static final Pattern MESH_ID = Pattern.compile("D0*(\\d{6,})");
    private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
    private static final Pattern AGE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(Year|Month|Week|Day|Hour|Minute)s?", Pattern.CASE_INSENSITIVE);
    private static final Map<String, BigDecimal> UNITS_PER_YEAR = Map.of(
            "year", BigDecimal.ONE,
            "month", BigDecimal.valueOf(12),
            "week", new BigDecimal("52.1775"),
            "day", new BigDecimal("365.25"),
            "hour", new BigDecimal("8766"),
            "minute", new BigDecimal("525960"));

    /** The recruitment-status codes, which are ClinicalTrials.gov's statuses in lower case with hyphens. */
    private static final Set<String> RECRUITMENT_STATUSES = Set.of(
            "not-yet-recruiting",
            "recruiting",
            "enrolling-by-invitation",
            "active-not-recruiting",
            "suspended",
            "terminated",
            "completed",
            "withdrawn");

    private final TherapyClassifier classifier;
    private final MeshConditions conditions;

    public StudyMapper(TherapyClassifier classifier, MeshConditions conditions) {
        this.classifier = classifier;
        this.conditions = conditions;
    }

    /**
     * Maps {@code study}.
     *
     * @throws UnmappableStudy when the record lacks what a registry trial must have (a title, a condition, a start
     *     date, a lead sponsor) or is not a trial (an expanded-access record)
     */
    public MappedStudy map(JsonNode study) throws UnmappableStudy {
        JsonNode protocol = study.path("protocolSection");
        JsonNode identification = protocol.path("identificationModule");
        String nctId = text(identification, "nctId");
        if (!NCT_ID.matcher(nctId).matches()) {
            throw new UnmappableStudy(
                    nctId.isEmpty()
                            ? "no NCT number (protocolSection.identificationModule.nctId)"
                            : "NCT number " + nctId + " is not NCT followed by 8 digits");
        }
        JsonNode status = protocol.path("statusModule");
        JsonNode design = protocol.path("designModule");
        if ("EXPANDED_ACCESS".equals(text(design, "studyType"))) {
            throw new UnmappableStudy("an expanded-access record, not a trial");
        }
        String title = first(text(identification, "briefTitle"), text(identification, "officialTitle"));
        if (title.isEmpty()) {
            throw new UnmappableStudy("no title (briefTitle or officialTitle)");
        }
        List<String> conditionTexts = texts(protocol.path("conditionsModule"), "conditions");
        if (conditionTexts.isEmpty()) {
            throw new UnmappableStudy("no condition (conditionsModule.conditions)");
        }
        String start = text(status.path("startDateStruct"), "date");
        if (!DATE.matcher(start).matches()) {
            throw new UnmappableStudy(
                    start.isEmpty()
                            ? "no start date (statusModule.startDateStruct)"
                            : "start date '" + start + "' is not a date");
        }
        String sponsorName = text(protocol.path("sponsorCollaboratorsModule").path("leadSponsor"), "name");
        if (sponsorName.isEmpty()) {
            throw new UnmappableStudy("no lead sponsor (sponsorCollaboratorsModule.leadSponsor.name)");
        }
        String overallStatus = text(status, "overallStatus");
        String effectiveStatus = "UNKNOWN".equals(overallStatus) ? text(status, "lastKnownStatus") : overallStatus;
        ResearchStudyStatus fhirStatus = fhirStatus(effectiveStatus);
        if (fhirStatus == null) {
            throw new UnmappableStudy("overall status '" + overallStatus + "'"
                    + ("UNKNOWN".equals(overallStatus) ? " without a last known status" : "")
                    + " is not a trial status");
        }
        String lastUpdated = text(status.path("lastUpdatePostDateStruct"), "date");
        if (!DATE.matcher(lastUpdated).matches()) {
            throw new UnmappableStudy("no last update date (statusModule.lastUpdatePostDateStruct)");
        }

        String studyId = "ctgov-" + nctId.toLowerCase(Locale.ROOT);
        List<String> notes = new ArrayList<>();
        Classification classification = classifier.classify(study);
        Map<String, Resource> resources = new LinkedHashMap<>();

        Organization sponsor = organization(sponsorName);
        resources.put("Organization/" + sponsor.getIdPart(), sponsor);

        ResearchStudy trial = new ResearchStudy();
        trial.setId(studyId);
        trial.getMeta().addProfile(RegistryProfiles.TRIAL);
        classification
                .families()
                .forEach(family -> trial.addExtension(
                        RegistryExtensions.THERAPY_FAMILY, code(RegistryCodeSystems.THERAPY_FAMILY, family)));
        trial.addExtension(recruitment(effectiveStatus, design.path("enrollmentInfo")));
        Extension source = trial.addExtension().setUrl(RegistryExtensions.SOURCE_RECORD);
        source.addExtension("record", new UriType(STUDY_PAGE + nctId));
        source.addExtension("lastUpdated", new DateType(lastUpdated));

        trial.addIdentifier().setSystem(RegistryIdentifierSystems.TRIAL).setValue("RR-" + nctId);
        trial.addIdentifier().setSystem(NCT_SYSTEM).setValue(nctId);
        String orgStudyId = text(identification.path("orgStudyIdInfo"), "id");
        if (!orgStudyId.isEmpty()) {
            Identifier identifier = trial.addIdentifier().setValue(orgStudyId);
            identifier.getType().setText("Organization's unique protocol ID");
            identifier
                    .getAssigner()
                    .setDisplay(first(text(identification.path("organization"), "fullName"), sponsorName));
        }
        trial.setTitle(title);
        trial.setStatus(fhirStatus);
        String whyStopped = text(status, "whyStopped");
        if (!whyStopped.isEmpty()) {
            trial.getReasonStopped().setText(whyStopped);
        }
        String purpose = text(design.path("designInfo"), "primaryPurpose");
        if (!purpose.isEmpty() && !"OTHER".equals(purpose)) {
            trial.setPrimaryPurposeType(
                    code(PURPOSE_SYSTEM, purpose.toLowerCase(Locale.ROOT).replace('_', '-')));
        }
        trial.setPhase(code(PHASE_SYSTEM, phase(texts(design, "phases"))));
        String studyType = text(design, "studyType");
        if (!studyType.isEmpty()) {
            trial.addCategory()
                    .setText(studyType.charAt(0) + studyType.substring(1).toLowerCase(Locale.ROOT));
        }
        conditions(conditionTexts, study).forEach(trial::addCondition);
        texts(protocol.path("conditionsModule"), "keywords")
                .forEach(keyword -> trial.addKeyword().setText(keyword));
        classification
                .subtypes()
                .forEach(subtype -> trial.addKeyword(code(RegistryCodeSystems.THERAPY_SUBTYPE, subtype)));
        JsonNode descriptionModule = protocol.path("descriptionModule");
        String description = Stream.of(
                        text(descriptionModule, "briefSummary"), text(descriptionModule, "detailedDescription"))
                .filter(part -> !part.isEmpty())
                .collect(Collectors.joining("\n\n"));
        if (!description.isEmpty()) {
            trial.setDescription(description);
        }

        Group eligibility = eligibility(studyId, title, protocol.path("eligibilityModule"));
        resources.put("Group/" + eligibility.getIdPart(), eligibility);
        trial.addEnrollment(new Reference("Group/" + eligibility.getIdPart()));

        trial.getPeriod().setStartElement(new DateTimeType(start));
        String end = first(
                text(status.path("completionDateStruct"), "date"),
                text(status.path("primaryCompletionDateStruct"), "date"));
        if (DATE.matcher(end).matches()) {
            trial.getPeriod().setEndElement(new DateTimeType(end));
        }
        String dates = dateNote(status);
        if (!dates.isEmpty()) {
            trial.addNote(new Annotation().setText(dates));
        }
        if ("UNKNOWN".equals(overallStatus)) {
            trial.addNote(new Annotation()
                    .setText("Status at ClinicalTrials.gov: unknown (not verified for over two years); last known "
                            + effectiveStatus.toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        trial.setSponsor(new Reference("Organization/" + sponsor.getIdPart()));
        JsonNode contacts = protocol.path("contactsLocationsModule");
        for (JsonNode collaborator :
                list(protocol.path("sponsorCollaboratorsModule").path("collaborators"))) {
            String name = text(collaborator, "name");
            if (name.isEmpty()) {
                continue;
            }
            Organization organization = organization(name);
            resources.put("Organization/" + organization.getIdPart(), organization);
            trial.addExtension(
                    RegistryExtensions.COLLABORATOR, new Reference("Organization/" + organization.getIdPart()));
        }
        for (JsonNode official : list(contacts.path("overallOfficials"))) {
            String name = text(official, "name");
            if (name.isEmpty()) {
                continue;
            }
            if ("PRINCIPAL_INVESTIGATOR".equals(text(official, "role")) && !trial.hasPrincipalInvestigator()) {
                Practitioner investigator = new Practitioner();
                investigator.setId("ctgov-practitioner-" + digest(name + "|" + text(official, "affiliation")));
                investigator.addName().setText(name);
                resources.put("Practitioner/" + investigator.getIdPart(), investigator);
                trial.setPrincipalInvestigator(new Reference("Practitioner/" + investigator.getIdPart()));
            } else {
                notes.add("overall official '" + name + "' ("
                        + text(official, "role").toLowerCase(Locale.ROOT)
                        + ") not kept: R4 ResearchStudy names one principal investigator");
            }
        }
        for (JsonNode contact : list(contacts.path("centralContacts"))) {
            ContactDetail detail = trial.addContact().setName(text(contact, "name"));
            if (!text(contact, "phone").isEmpty()) {
                detail.addTelecom()
                        .setSystem(ContactPoint.ContactPointSystem.PHONE)
                        .setValue(text(contact, "phone"));
            }
            if (!text(contact, "email").isEmpty()) {
                detail.addTelecom()
                        .setSystem(ContactPoint.ContactPointSystem.EMAIL)
                        .setValue(text(contact, "email"));
            }
        }

        for (JsonNode place : list(protocol.path("contactsLocationsModule").path("locations"))) {
            Location site = site(place, notes);
            if (site == null) {
                notes.add("site '" + text(place, "facility") + "' left out: it has no city or country");
                continue;
            }
            if (!resources.containsKey("Location/" + site.getIdPart())) {
                resources.put("Location/" + site.getIdPart(), site);
                Reference atSite = trial.addSite().setReference("Location/" + site.getIdPart());
                String siteStatus =
                        text(place, "status").toLowerCase(Locale.ROOT).replace('_', '-');
                if (RECRUITMENT_STATUSES.contains(siteStatus)) {
                    atSite.addExtension(
                            RegistryExtensions.SITE_RECRUITMENT,
                            code(RegistryCodeSystems.RECRUITMENT_STATUS, siteStatus));
                }
            }
        }
        for (JsonNode arm : list(protocol.path("armsInterventionsModule").path("armGroups"))) {
            String label = text(arm, "label");
            if (label.isEmpty()) {
                notes.add("an arm without a label left out");
                continue;
            }
            List<String> given = texts(arm, "interventionNames");
            ResearchStudy.ResearchStudyArmComponent studyArm = trial.addArm();
            list(protocol.path("armsInterventionsModule").path("interventions")).stream()
                    .filter(intervention -> list(intervention.path("armGroupLabels")).stream()
                            .anyMatch(labelled -> label.equals(labelled.asText())))
                    .flatMap(intervention -> classifier.subtypesOf(intervention).stream())
                    .distinct()
                    .forEach(subtype -> studyArm.addExtension(
                            RegistryExtensions.ARM_THERAPY, code(RegistryCodeSystems.THERAPY_SUBTYPE, subtype)));
            studyArm.setName(label)
                    .setType(code(RegistryCodeSystems.ARM_TYPE, armType(text(arm, "type"))))
                    .setDescription(first(
                            text(arm, "description"),
                            given.isEmpty()
                                    ? "The ClinicalTrials.gov record describes no intervention for this group"
                                    : "Receives " + String.join("; ", given)));
        }
        for (TestedDevice tested : classification.devices()) {
            String deviceId = studyId + "-device-" + digest(tested.name().toLowerCase(Locale.ROOT));
            if (resources.containsKey("DeviceDefinition/" + deviceId)) {
                continue;
            }
            NeuromodulationDevices.define(deviceId, tested)
                    .ifPresentOrElse(
                            device -> {
                                resources.put("DeviceDefinition/" + deviceId, device);
                                trial.addExtension(
                                        RegistryExtensions.INVESTIGATIONAL_PRODUCT,
                                        new Reference("DeviceDefinition/" + deviceId));
                            },
                            () -> notes.add("device '" + tested.name() + "' (" + tested.modality()
                                    + ") not recorded: the record does not say whether it is implanted"));
        }
        if (!classification.classified()) {
            notes.add("therapy family not classified: " + classification.unclassifiedReason());
        }
        resources.put("ResearchStudy/" + studyId, trial);
        StudyResults.map(study, studyId, notes).forEach((id, result) -> {
            result.setId(id);
            resources.put("Observation/" + id, result);
        });

        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        resources.forEach((url, resource) -> transaction
                .addEntry()
                .setFullUrl(url)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(url));
        return new MappedStudy(nctId, studyId, lastUpdated, transaction, classification, notes);
    }

    private List<CodeableConcept> conditions(List<String> texts, JsonNode study) {
        List<CodeableConcept> coded = new ArrayList<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        texts.forEach(text -> {
            if (seen.add(text)) {
                coded.add(new CodeableConcept().setText(text));
            }
        });
        for (JsonNode mesh :
                list(study.path("derivedSection").path("conditionBrowseModule").path("meshes"))) {
            String id = meshId(text(mesh, "id"));
            String term = text(mesh, "term");
            if (id == null || term.isEmpty()) {
                continue;
            }
            CodeableConcept concept = coded.stream()
                    .filter(candidate -> candidate.getText().equalsIgnoreCase(term))
                    .findFirst()
                    .orElseGet(() -> {
                        CodeableConcept added = new CodeableConcept().setText(term);
                        seen.add(term);
                        coded.add(added);
                        return added;
                    });
            concept.addCoding(new Coding(MESH, id, term));
            conditions.codingsFor(id).forEach(concept::addCoding);
        }
        return coded;
    }

    /** ClinicalTrials.gov pads MeSH descriptor ids to nine digits ({@code D000013166}); MeSH itself uses six. */
    static String meshId(String id) {
        Matcher matcher = MESH_ID.matcher(id);
        return matcher.matches() ? "D" + matcher.group(1) : null;
    }

    private static Group eligibility(String studyId, String title, JsonNode module) {
        Group group = new Group();
        group.setId(studyId + "-eligibility");
        group.getMeta().addProfile(RegistryProfiles.ELIGIBILITY);
        group.setType(Group.GroupType.PERSON).setActual(false).setName("Eligibility: " + title);
        Range ages = new Range();
        BigDecimal minimum = years(text(module, "minimumAge"), RoundingMode.FLOOR);
        BigDecimal maximum = years(text(module, "maximumAge"), RoundingMode.CEILING);
        ages.setLow(yearsQuantity(minimum == null && maximum == null ? BigDecimal.ZERO : minimum));
        ages.setHigh(yearsQuantity(maximum));
        group.addCharacteristic()
                .setCode(code(RegistryCodeSystems.ELIGIBILITY_CHARACTERISTIC, "age"))
                .setValue(ages)
                .setExclude(false);
        String sex = text(module, "sex");
        List<AdministrativeGender> sexes =
                switch (sex) {
                    case "FEMALE" -> List.of(AdministrativeGender.FEMALE);
                    case "MALE" -> List.of(AdministrativeGender.MALE);
                    default -> List.of(AdministrativeGender.FEMALE, AdministrativeGender.MALE);
                };
        sexes.forEach(gender -> group.addCharacteristic()
                .setCode(code(RegistryCodeSystems.ELIGIBILITY_CHARACTERISTIC, "sex"))
                .setValue(code(gender.getSystem(), gender.toCode()))
                .setExclude(false));
        JsonNode healthy = module.path("healthyVolunteers");
        if (healthy.isBoolean()) {
            group.addCharacteristic()
                    .setCode(code(RegistryCodeSystems.ELIGIBILITY_CHARACTERISTIC, "healthy-volunteers"))
                    .setValue(new BooleanType(healthy.asBoolean()))
                    .setExclude(false);
        }
        String criteria = text(module, "eligibilityCriteria");
        if (!criteria.isEmpty()) {
            group.getText()
                    .setStatus(Narrative.NarrativeStatus.ADDITIONAL)
                    .setDivAsString(
                            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><pre>" + escape(criteria) + "</pre></div>");
        }
        return group;
    }

    /**
     * An age such as "18 Years" or "6 Months" in years, rounded to two decimals outwards ({@code FLOOR} for a minimum,
     * {@code CEILING} for a maximum) so that nobody the record admits falls outside; {@code null} when absent or
     * unreadable ("N/A").
     */
    static BigDecimal years(String age, RoundingMode rounding) {
        Matcher matcher = AGE.matcher(age);
        if (!matcher.matches()) {
            return null;
        }
        BigDecimal perYear = UNITS_PER_YEAR.get(matcher.group(2).toLowerCase(Locale.ROOT));
        return new BigDecimal(matcher.group(1)).divide(perYear, 2, rounding).stripTrailingZeros();
    }

    private static Quantity yearsQuantity(BigDecimal years) {
        if (years == null) {
            return null;
        }
        return new Quantity()
                .setValue(years.max(BigDecimal.ZERO))
                .setUnit("years")
                .setSystem(UCUM)
                .setCode("a");
    }

    private static Location site(JsonNode place, List<String> notes) {
        String city = text(place, "city");
        String country = text(place, "country");
        if (city.isEmpty() || country.isEmpty()) {
            return null;
        }
        String name = first(text(place, "facility"), city);
        String state = text(place, "state");
        Location site = new Location();
        site.setId("ctgov-site-" + digest(String.join("|", name, city, state, country)));
        site.getMeta().addProfile(RegistryProfiles.SITE);
        site.setName(name);
        site.getAddress().setCity(city).setCountry(Countries.code(country).orElseGet(() -> {
            notes.add("country '" + country + "' of site '" + name + "' kept as written: it has no ISO 3166 code");
            return country;
        }));
        if (!state.isEmpty()) {
            site.getAddress().setState(state);
        }
        String zip = text(place, "zip");
        if (!zip.isEmpty()) {
            site.getAddress().setPostalCode(zip);
        }
        JsonNode geo = place.path("geoPoint");
        if (geo.path("lat").isNumber() && geo.path("lon").isNumber()) {
            site.getPosition()
                    .setLatitude(geo.path("lat").decimalValue())
                    .setLongitude(geo.path("lon").decimalValue());
        }
        return site;
    }

    private static Organization organization(String name) {
        Organization organization = new Organization();
        organization.setId("ctgov-org-" + digest(name.toLowerCase(Locale.ROOT)));
        organization.setName(name);
        return organization;
    }

    private static Extension recruitment(String status, JsonNode enrollment) {
        Extension recruitment = new Extension(RegistryExtensions.RECRUITMENT);
        recruitment.addExtension(
                "status",
                code(
                        RegistryCodeSystems.RECRUITMENT_STATUS,
                        status.toLowerCase(Locale.ROOT).replace('_', '-')));
        JsonNode count = enrollment.path("count");
        if (count.canConvertToInt() && count.asInt() >= 0) {
            recruitment.addExtension(
                    "ACTUAL".equals(text(enrollment, "type")) ? "actualNumber" : "targetNumber",
                    new UnsignedIntType(count.asInt()));
        }
        return recruitment;
    }

    /** R4 status of a ClinicalTrials.gov overall status; {@code null} for the expanded-access statuses. */
    static ResearchStudyStatus fhirStatus(String overallStatus) {
        return switch (overallStatus) {
            case "NOT_YET_RECRUITING" -> ResearchStudyStatus.APPROVED;
            case "RECRUITING", "ENROLLING_BY_INVITATION" -> ResearchStudyStatus.ACTIVE;
            case "ACTIVE_NOT_RECRUITING" -> ResearchStudyStatus.CLOSEDTOACCRUAL;
            case "SUSPENDED" -> ResearchStudyStatus.TEMPORARILYCLOSEDTOACCRUAL;
            case "TERMINATED" -> ResearchStudyStatus.ADMINISTRATIVELYCOMPLETED;
            case "COMPLETED" -> ResearchStudyStatus.COMPLETED;
            case "WITHDRAWN" -> ResearchStudyStatus.WITHDRAWN;
            default -> null;
        };
    }

    /** The research-study-phase code of ClinicalTrials.gov's phases (none, or NA, is n-a). */
    static String phase(List<String> phases) {
        Set<String> given = new TreeSet<>(phases);
        given.remove("NA");
        return switch (String.join(",", given)) {
            case "" -> "n-a";
            case "EARLY_PHASE1" -> "early-phase-1";
            case "PHASE1" -> "phase-1";
            case "PHASE1,PHASE2" -> "phase-1-phase-2";
            case "PHASE2" -> "phase-2";
            case "PHASE2,PHASE3" -> "phase-2-phase-3";
            case "PHASE3" -> "phase-3";
            case "PHASE4" -> "phase-4";
            default -> "n-a";
        };
    }

    private static String armType(String type) {
        return switch (type) {
            case "EXPERIMENTAL" -> "experimental";
            case "ACTIVE_COMPARATOR" -> "active-comparator";
            case "PLACEBO_COMPARATOR" -> "placebo-comparator";
            case "SHAM_COMPARATOR" -> "sham-comparator";
            case "NO_INTERVENTION" -> "no-intervention";
            default -> "other";
        };
    }

    /** Which dates are anticipated: R4's period cannot say, so a note keeps ClinicalTrials.gov's date types. */
    private static String dateNote(JsonNode status) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("startDateStruct", "start");
        fields.put("primaryCompletionDateStruct", "primary completion");
        fields.put("completionDateStruct", "completion");
        List<String> dates = fields.entrySet().stream()
                .filter(field -> !text(status.path(field.getKey()), "date").isEmpty())
                .map(field -> field.getValue() + " " + text(status.path(field.getKey()), "date") + " ("
                        + ("ESTIMATED".equals(text(status.path(field.getKey()), "type")) ? "anticipated" : "actual")
                        + ")")
                .toList();
        return dates.isEmpty() ? "" : "Dates at ClinicalTrials.gov: " + String.join("; ", dates);
    }

    private static CodeableConcept code(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
