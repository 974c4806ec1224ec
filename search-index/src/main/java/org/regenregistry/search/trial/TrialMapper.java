package org.regenregistry.search.trial;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DeviceDefinition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;
import org.mapstruct.factory.Mappers;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryExtensions;

/**
 * Builds a {@link TrialDocument} from a {@link TrialRecord}. MapStruct wires every document field to its source (a
 * field without one fails the build); the FHIR-specific reading (extensions, codings, the eligibility group's
 * characteristics) is written out below, following the registry profiles.
 */
@Mapper(config = SearchMapperConfig.class)
public interface TrialMapper {

    TrialMapper INSTANCE = Mappers.getMapper(TrialMapper.class);

    @Mapping(target = "id", source = "study", qualifiedByName = "id")
    @Mapping(target = "version", source = "study", qualifiedByName = "version")
    @Mapping(target = "revision", source = "revision")
    @Mapping(target = "lastUpdated", source = "study.meta.lastUpdated")
    @Mapping(target = "identifiers", source = "study.identifier", qualifiedByName = "identifiers")
    @Mapping(target = "title", source = "study.title")
    @Mapping(target = "description", source = "study.description")
    @Mapping(target = "keywords", source = "study.keyword", qualifiedByName = "texts")
    @Mapping(target = "status", source = "study", qualifiedByName = "status")
    @Mapping(target = "recruitmentStatus", source = "study", qualifiedByName = "recruitmentStatus")
    @Mapping(target = "phase", source = "study.phase", qualifiedByName = "code")
    @Mapping(target = "therapyFamilies", source = "study", qualifiedByName = "therapyFamilies")
    @Mapping(target = "therapySubtypes", source = "study.keyword", qualifiedByName = "therapySubtypes")
    @Mapping(target = "conditions", source = "study.condition", qualifiedByName = "conditions")
    @Mapping(target = "conditionGroups", source = "study.condition", qualifiedByName = "conditionGroups")
    @Mapping(target = "product", source = "products", qualifiedByName = "product")
    @Mapping(target = "device", source = "devices", qualifiedByName = "device")
    @Mapping(target = "sites", source = "trial", qualifiedByName = "sites")
    @Mapping(target = "sponsor", source = "sponsor", qualifiedByName = "sponsor")
    @Mapping(target = "eligibility", source = "eligibility", qualifiedByName = "eligibility")
    @Mapping(target = "startDate", source = "study.period.startElement", qualifiedByName = "date")
    @Mapping(target = "endDate", source = "study.period.endElement", qualifiedByName = "date")
    @Mapping(target = "targetEnrollment", source = "study", qualifiedByName = "targetEnrollment")
    @Mapping(target = "actualEnrollment", source = "study", qualifiedByName = "actualEnrollment")
    @Mapping(target = "subjects", source = "counts.subjects")
    @Mapping(target = "adverseEvents", source = "counts.adverseEvents")
    @Mapping(target = "seriousAdverseEvents", source = "counts.seriousAdverseEvents")
    @Mapping(target = "hasResults", expression = "java(trial.counts().outcomes() > 0)")
    TrialDocument toDocument(TrialRecord trial);

    @Named("id")
    default String id(ResearchStudy study) {
        return study.getIdElement().getIdPart();
    }

    @Named("version")
    default long version(ResearchStudy study) {
        return study.getIdElement().getVersionIdPartAsLong();
    }

    @Named("status")
    default String status(ResearchStudy study) {
        return study.getStatus() == null ? null : study.getStatus().toCode();
    }

    @Named("identifiers")
    default List<String> identifiers(List<Identifier> identifiers) {
        return each(identifiers)
                .map(Identifier::getValue)
                .filter(Objects::nonNull)
                .toList();
    }

    @Named("texts")
    default List<String> texts(List<CodeableConcept> concepts) {
        return each(concepts)
                .map(CodeableConcept::getText)
                .filter(Objects::nonNull)
                .toList();
    }

    @Named("code")
    default String code(CodeableConcept concept) {
        return concept == null || concept.isEmpty()
                ? null
                : concept.getCodingFirstRep().getCode();
    }

    /** The calendar date as written (a day-only FHIR date has no time zone to convert from). */
    @Named("date")
    default LocalDate date(DateTimeType date) {
        if (date == null || date.isEmpty()) {
            return null;
        }
        return LocalDate.of(
                date.getYear(),
                date.getPrecision().ordinal() >= TemporalPrecisionEnum.MONTH.ordinal() ? date.getMonth() + 1 : 1,
                date.getPrecision().ordinal() >= TemporalPrecisionEnum.DAY.ordinal() ? date.getDay() : 1);
    }

    @Named("therapyFamilies")
    default List<String> therapyFamilies(ResearchStudy study) {
        return codes(study.getExtensionsByUrl(RegistryExtensions.THERAPY_FAMILY))
                .toList();
    }

    /** The kinds of therapy within their families (spinal cord stimulation, acupuncture), as keyword codes. */
    @Named("therapySubtypes")
    default List<String> therapySubtypes(List<CodeableConcept> keywords) {
        return each(keywords)
                .flatMap(keyword -> keyword.getCoding().stream())
                .filter(coding -> RegistryCodeSystems.THERAPY_SUBTYPE.equals(coding.getSystem()))
                .map(Coding::getCode)
                .distinct()
                .toList();
    }

    @Named("recruitmentStatus")
    default String recruitmentStatus(ResearchStudy study) {
        return recruitment(study, "status")
                .map(value -> ((CodeableConcept) value).getCodingFirstRep().getCode())
                .findFirst()
                .orElse(null);
    }

    @Named("targetEnrollment")
    default Integer targetEnrollment(ResearchStudy study) {
        return recruitmentNumber(study, "targetNumber");
    }

    @Named("actualEnrollment")
    default Integer actualEnrollment(ResearchStudy study) {
        return recruitmentNumber(study, "actualNumber");
    }

    @Named("conditions")
    default List<TrialDocument.Condition> conditions(List<CodeableConcept> conditions) {
        return each(conditions)
                .flatMap(condition -> condition.getCoding().stream())
                .map(coding -> new TrialDocument.Condition(coding.getSystem(), coding.getCode(), coding.getDisplay()))
                .toList();
    }

    @Named("conditionGroups")
    default List<String> conditionGroups(List<CodeableConcept> conditions) {
        return each(conditions)
                .flatMap(condition -> condition.getCoding().stream())
                .flatMap(coding -> ConditionGroups.registry().groupsOf(coding.getSystem(), coding.getCode()).stream())
                .distinct()
                .toList();
    }

    @Named("product")
    default TrialDocument.Product product(List<BiologicallyDerivedProduct> products) {
        return new TrialDocument.Product(
                Stream.concat(
                                partCodes(products, RegistryExtensions.CELL_PRODUCT, "cellType").stream(),
                                partCodes(products, RegistryExtensions.EXOSOME_PRODUCT, "sourceCell").stream())
                        .distinct()
                        .toList(),
                partCodes(products, RegistryExtensions.CELL_PRODUCT, "tissueSource"),
                partCodes(products, RegistryExtensions.CELL_PRODUCT, "donorRelationship"),
                partCodes(products, RegistryExtensions.PRP_PRODUCT, "leukocyteClass"),
                partCodes(products, RegistryExtensions.GENE_THERAPY_VECTOR, "vectorType"),
                anyTrue(products, RegistryExtensions.GENE_THERAPY_VECTOR, "integrating"));
    }

    /** Modalities are the device types' therapy-subtype codes (one vocabulary with the trial's subtype keywords). */
    @Named("device")
    default TrialDocument.Device device(List<DeviceDefinition> devices) {
        return new TrialDocument.Device(
                devices.stream()
                        .flatMap(device -> device.getType().getCoding().stream())
                        .filter(coding -> RegistryCodeSystems.THERAPY_SUBTYPE.equals(coding.getSystem()))
                        .map(Coding::getCode)
                        .distinct()
                        .toList(),
                partCodes(devices, RegistryExtensions.STIMULATION, "paradigm"),
                anyTrue(devices, RegistryExtensions.STIMULATION, "implanted"));
    }

    /** Each site with the recruitment status the trial's reference to it carries. */
    @Named("sites")
    default List<TrialDocument.Site> sites(TrialRecord trial) {
        Map<String, String> recruitment = new HashMap<>();
        for (Reference site : trial.study().getSite()) {
            Extension status = site.getExtensionByUrl(RegistryExtensions.SITE_RECRUITMENT);
            if (status != null && status.getValue() instanceof CodeableConcept concept) {
                recruitment.put(
                        site.getReferenceElement().getIdPart(),
                        concept.getCodingFirstRep().getCode());
            }
        }
        return trial.sites().stream()
                .map(site -> new TrialDocument.Site(
                        site.getName(),
                        site.getAddress().getCity(),
                        site.getAddress().getCountry(),
                        site.hasPosition()
                                ? new TrialDocument.GeoPoint(
                                        site.getPosition().getLatitude().doubleValue(),
                                        site.getPosition().getLongitude().doubleValue())
                                : null,
                        recruitment.get(site.getIdPart())))
                .toList();
    }

    @Named("sponsor")
    default String sponsor(Organization sponsor) {
        return sponsor == null ? null : sponsor.getName();
    }

    @Named("eligibility")
    default TrialDocument.Eligibility eligibility(Group eligibility) {
        if (eligibility == null) {
            return null;
        }
        Range age = eligibility.getCharacteristic().stream()
                .filter(characteristic -> hasCode(characteristic.getCode(), "age"))
                .map(characteristic -> characteristic.getValue())
                .filter(Range.class::isInstance)
                .map(Range.class::cast)
                .findFirst()
                .orElse(new Range());
        List<String> sexes = eligibility.getCharacteristic().stream()
                .filter(characteristic -> hasCode(characteristic.getCode(), "sex"))
                .map(characteristic -> characteristic.getValue())
                .filter(CodeableConcept.class::isInstance)
                .map(value -> ((CodeableConcept) value).getCodingFirstRep().getCode())
                .toList();
        return new TrialDocument.Eligibility(
                age.hasLow() ? age.getLow().getValue().intValue() : null,
                age.hasHigh() ? age.getHigh().getValue().intValue() : null,
                sexes);
    }

    /**
     * The elements of a repeating element. MapStruct checks a FHIR element's presence with its {@code hasX()} method
     * and hands an absent one over as {@code null}, not as the empty list its getter would return.
     */
    private static <T> Stream<T> each(List<T> elements) {
        return elements == null ? Stream.empty() : elements.stream();
    }

    private static boolean hasCode(CodeableConcept concept, String code) {
        return concept.getCoding().stream().map(Coding::getCode).anyMatch(code::equals);
    }

    private static Stream<String> codes(Collection<Extension> extensions) {
        return extensions.stream()
                .map(Extension::getValue)
                .filter(CodeableConcept.class::isInstance)
                .flatMap(value -> ((CodeableConcept) value).getCoding().stream())
                .map(Coding::getCode);
    }

    private static Integer recruitmentNumber(ResearchStudy study, String part) {
        return recruitment(study, part)
                .map(value -> ((UnsignedIntType) value).getValue())
                .findFirst()
                .orElse(null);
    }

    private static Stream<org.hl7.fhir.r4.model.Type> recruitment(ResearchStudy study, String part) {
        return subExtensions(study, RegistryExtensions.RECRUITMENT, part);
    }

    private static Stream<org.hl7.fhir.r4.model.Type> subExtensions(
            DomainResource resource, String extension, String part) {
        return resource.getExtensionsByUrl(extension).stream()
                .flatMap(complex -> complex.getExtensionsByUrl(part).stream())
                .map(Element.class::cast)
                .map(sub -> ((Extension) sub).getValue());
    }

    /** Whether any of the resources says yes in {@code extension.part}; {@code null} when none says either. */
    private static Boolean anyTrue(List<? extends DomainResource> resources, String extension, String part) {
        List<Boolean> said = resources.stream()
                .flatMap(resource -> subExtensions(resource, extension, part))
                .map(value -> ((BooleanType) value).getValue())
                .toList();
        return said.isEmpty() ? null : said.contains(Boolean.TRUE);
    }

    private static List<String> partCodes(List<? extends DomainResource> resources, String extension, String part) {
        return resources.stream()
                .flatMap(resource -> subExtensions(resource, extension, part))
                .filter(CodeableConcept.class::isInstance)
                .flatMap(value -> ((CodeableConcept) value).getCoding().stream())
                .map(Coding::getCode)
                .distinct()
                .toList();
    }
}
