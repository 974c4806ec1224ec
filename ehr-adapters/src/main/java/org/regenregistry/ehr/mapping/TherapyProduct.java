package org.regenregistry.ehr.mapping;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one EHR procedure code stands for in a trial: the registry's investigational product
 * (BiologicallyDerivedProduct) and, where the protocol fixes them, the route and dose of each administration. An EHR
 * Procedure carries neither a route nor a dose (<a href="https://hl7.org/fhir/R4/procedure.html">R4 Procedure</a>),
 * so a therapy administration without them configured here is unmappable rather than guessed.
 *
 * @param procedureSystem the code system of the EHR procedure code, e.g. {@code http://snomed.info/sct}
 * @param product the registry product, e.g. {@code BiologicallyDerivedProduct/prp-knee-oa-product}
 * @param route the SNOMED CT code of the protocol's route of administration, or {@code null}
 * @param dose the protocol's dose per administration, or {@code null}
 * @param doseUnit the UCUM unit of the dose, e.g. {@code mL}
 */
public record TherapyProduct(
        String procedureSystem, String procedureCode, String product, String route, BigDecimal dose, String doseUnit) {

    public TherapyProduct {
        Objects.requireNonNull(procedureSystem, "procedureSystem");
        Objects.requireNonNull(procedureCode, "procedureCode");
        if (product == null || !product.startsWith("BiologicallyDerivedProduct/")) {
            throw new IllegalArgumentException(
                    "A therapy product is a BiologicallyDerivedProduct reference, not " + product);
        }
        if (dose != null && (dose.signum() < 0 || doseUnit == null || doseUnit.isBlank())) {
            throw new IllegalArgumentException("A dose is a non-negative amount with a UCUM unit");
        }
    }

    boolean standsFor(String system, String code) {
        return procedureSystem.equals(system) && procedureCode.equals(code);
    }
}
