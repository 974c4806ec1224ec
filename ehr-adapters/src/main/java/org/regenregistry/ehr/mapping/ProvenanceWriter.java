package org.regenregistry.ehr.mapping;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Provenance.ProvenanceEntityRole;
import org.hl7.fhir.r4.model.Reference;
import org.regenregistry.profiles.RegistryIdentifierSystems;

/**
 * The Provenance of one EHR source version (<a href="https://hl7.org/fhir/R4/provenance.html">R4 Provenance</a>):
 * it targets the registry resources mapped from the source, names the site as custodian of the original record, and
 * the source with its version as entity (a logical reference by identifier: the registry server does not store
 * references to other servers).
 *
 * <p>Its {@code meta.source} is the source URL, and it is written as a conditional create on {@code
 * Provenance?_source=<source URL>}: HAPI JPA indexes {@code meta.source} for the {@code _source} search parameter
 * (stored by default, {@code StoreMetaSourceInformationEnum.SOURCE_URI_AND_REQUEST_ID}), so a re-run of the same
 * version finds it and adds nothing, while an edit in the EHR (a new version) adds one.
 */
final class ProvenanceWriter {

    private static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    private ProvenanceWriter() {}

    static BundleEntryComponent entry(
            SourceSite site, EhrSource source, List<BundleEntryComponent> targets, Instant recorded) {
        Provenance provenance = new Provenance();
        provenance.setMeta(source.meta(null));
        targets.forEach(target -> provenance.addTarget(new Reference(target.getFullUrl())));
        provenance.setRecorded(Date.from(recorded));
        provenance
                .addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "custodian", "Custodian")))
                .setWho(new Reference()
                        .setType("Organization")
                        .setIdentifier(new Identifier()
                                .setSystem(RegistryIdentifierSystems.SITE)
                                .setValue(site.id())));
        provenance
                .addEntity()
                .setRole(ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference()
                        .setType(source.type())
                        .setIdentifier(new Identifier()
                                .setSystem(RegistryIdentifiers.source(site.id()))
                                .setValue(source.versionedReference())));
        String ifNoneExist = "_source=" + source.url();
        BundleEntryComponent entry = new BundleEntryComponent()
                .setFullUrl(EhrSource.fullUrl("Provenance?" + ifNoneExist))
                .setResource(provenance);
        entry.getRequest().setMethod(HTTPVerb.POST).setUrl("Provenance").setIfNoneExist(ifNoneExist);
        return entry;
    }
}
