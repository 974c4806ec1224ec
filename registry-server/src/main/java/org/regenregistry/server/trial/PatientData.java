package org.regenregistry.server.trial;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.regenregistry.search.facet.TrialQuery;
import org.regenregistry.search.match.PatientFacts;

/**
 * Reads what a trial match may use from a patient's data, as FHIR gives it: a Bundle (Patient, Conditions; other
 * resources are not used), or Parameters of {@code age} or {@code birthDate}, {@code sex}, {@code condition}
 * (Coding or CodeableConcept, repeated), {@code location} ("latitude,longitude"), {@code radius} (km, a decimal or a
 * Quantity in km), {@code therapyFamily} (repeated) and optionally {@code patient}, such a Bundle. Nothing read here
 * is kept beyond the request.
 *
 * <p>A Patient's place is its address's <a
 * href="https://hl7.org/fhir/R4/extension-geolocation.html">geolocation</a> extension; conditions whose clinical
 * status is inactive, resolved or in remission, or whose verification status is refuted or entered in error, do not
 * count.
 */
final class PatientData {

    static final String GEOLOCATION = "http://hl7.org/fhir/StructureDefinition/geolocation";
    private static final double DEFAULT_RADIUS_KM = 100;
    private static final Set<String> NOT_CURRENT = Set.of("inactive", "resolved", "remission");
    private static final Set<String> NOT_TRUE = Set.of("refuted", "entered-in-error");

    private PatientData() {}

    /**
     * @throws IllegalArgumentException when the body is neither a Bundle nor Parameters, or a part is malformed
     */
    static PatientFacts read(FhirContext fhir, String body, LocalDate today) {
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        IBaseResource resource;
        try {
            resource = parser.parseResource(body);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("The body is not a FHIR JSON Bundle or Parameters: " + e.getMessage());
        }
        Facts facts = new Facts();
        if (resource instanceof Bundle bundle) {
            facts.take(bundle, today);
        } else if (resource instanceof Parameters parameters) {
            facts.take(parameters, today);
        } else {
            throw new IllegalArgumentException(
                    "The body is a " + resource.fhirType() + "; a match takes a Bundle or Parameters");
        }
        return facts.facts();
    }

    private static final class Facts {

        private BigDecimal age;
        private String sex;
        private final List<PatientFacts.Code> conditions = new ArrayList<>();
        private double[] place;
        private Double radius;
        private final Set<String> families = new LinkedHashSet<>();

        void take(Bundle bundle, LocalDate today) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() instanceof Patient patient) {
                    if (patient.hasBirthDate()) {
                        age = years(patient.getBirthDateElement().getValueAsString(), today);
                    }
                    if (patient.hasGender()) {
                        sex = patient.getGender().toCode();
                    }
                    patient.getAddress().stream()
                            .map(Address::getExtension)
                            .flatMap(List::stream)
                            .filter(extension -> GEOLOCATION.equals(extension.getUrl()))
                            .findFirst()
                            .ifPresent(this::geolocation);
                } else if (entry.getResource() instanceof Condition condition && current(condition)) {
                    codings(condition.getCode());
                }
            }
        }

        void take(Parameters parameters, LocalDate today) {
            for (Parameters.ParametersParameterComponent parameter : parameters.getParameter()) {
                Type value = parameter.getValue();
                switch (parameter.getName()) {
                    case "patient" -> {
                        if (!(parameter.getResource() instanceof Bundle bundle)) {
                            throw new IllegalArgumentException("patient must be a Bundle");
                        }
                        take(bundle, today);
                    }
                    case "age" -> age = new BigDecimal(require(parameter, value).primitiveValue());
                    case "birthDate" -> age = years(require(parameter, value).primitiveValue(), today);
                    case "sex" -> sex = require(parameter, value).primitiveValue();
                    case "condition" -> {
                        if (value instanceof Coding coding) {
                            code(coding);
                        } else if (value instanceof CodeableConcept concept) {
                            codings(concept);
                        } else {
                            throw new IllegalArgumentException("condition must be a Coding or a CodeableConcept");
                        }
                    }
                    case "location" -> place = place(require(parameter, value).primitiveValue());
                    case "radius" -> radius = value instanceof Quantity quantity
                            ? kilometres(quantity)
                            : new BigDecimal(require(parameter, value).primitiveValue()).doubleValue();
                    case "therapyFamily" -> families.add(
                            require(parameter, value).primitiveValue());
                    default -> throw new IllegalArgumentException("Unknown parameter '" + parameter.getName()
                            + "' (patient, age, birthDate, sex, condition, location, radius, therapyFamily)");
                }
            }
        }

        PatientFacts facts() {
            TrialQuery.Near near = place == null
                    ? null
                    : new TrialQuery.Near(place[0], place[1], radius == null ? DEFAULT_RADIUS_KM : radius);
            if (place == null && radius != null) {
                throw new IllegalArgumentException("radius needs a location");
            }
            return new PatientFacts(age, sex, conditions, near, families);
        }

        private void codings(CodeableConcept concept) {
            concept.getCoding().forEach(this::code);
        }

        private void code(Coding coding) {
            if (coding.hasSystem() && coding.hasCode()) {
                conditions.add(new PatientFacts.Code(coding.getSystem(), coding.getCode(), coding.getDisplay()));
            }
        }

        private void geolocation(Extension geolocation) {
            Type latitude = geolocation.getExtensionByUrl("latitude") == null
                    ? null
                    : geolocation.getExtensionByUrl("latitude").getValue();
            Type longitude = geolocation.getExtensionByUrl("longitude") == null
                    ? null
                    : geolocation.getExtensionByUrl("longitude").getValue();
            if (latitude instanceof DecimalType lat && longitude instanceof DecimalType lon) {
                place = new double[] {
                    lat.getValue().doubleValue(), lon.getValue().doubleValue()
                };
            }
        }
    }

    private static boolean current(Condition condition) {
        String clinical = condition.getClinicalStatus().getCodingFirstRep().getCode();
        String verification =
                condition.getVerificationStatus().getCodingFirstRep().getCode();
        return (clinical == null || !NOT_CURRENT.contains(clinical))
                && (verification == null || !NOT_TRUE.contains(verification));
    }

    private static Type require(Parameters.ParametersParameterComponent parameter, Type value) {
        if (value == null || value.primitiveValue() == null) {
            throw new IllegalArgumentException(parameter.getName() + " needs a value");
        }
        return value;
    }

    private static BigDecimal years(String birthDate, LocalDate today) {
        LocalDate born = LocalDate.parse(
                birthDate.length() == 4
                        ? birthDate + "-07-01"
                        : birthDate.length() == 7 ? birthDate + "-15" : birthDate);
        return BigDecimal.valueOf(Period.between(born, today).getYears());
    }

    private static double[] place(String text) {
        String problem = "location must be 'latitude,longitude', was '" + text + "'";
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException(problem);
        }
        try {
            return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(problem, e);
        }
    }

    private static double kilometres(Quantity quantity) {
        return switch (quantity.getCode() == null ? "" : quantity.getCode()) {
            case "km" -> quantity.getValue().doubleValue();
            case "m" -> quantity.getValue().doubleValue() / 1000;
            case "[mi_i]" -> quantity.getValue().doubleValue() * 1.609344;
            default -> throw new IllegalArgumentException("radius must be in km, m or [mi_i] (UCUM)");
        };
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
