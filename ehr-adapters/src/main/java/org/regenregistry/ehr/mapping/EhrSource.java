package org.regenregistry.ehr.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.profiles.RegistryCodeSystems;

/**
 * One EHR resource as the registry names it: its absolute URL with version (for {@code meta.source} and the
 * Provenance), the identifier {@code <Type>/<id>} the registry copy is conditionally updated on, and the stamp every
 * registry resource mapped from it carries (<a href="https://hl7.org/fhir/R4/resource.html#Meta">Meta</a>).
 */
final class EhrSource {

    private final SourceSite site;
    private final String type;
    private final String id;
    private final String versionedReference;

    private EhrSource(SourceSite site, String type, String id, String shownId, String version) {
        this.site = site;
        this.type = type;
        this.id = id;
        this.versionedReference = type + "/" + shownId + (version == null ? "" : "/_history/" + version);
    }

    /** The source of an EHR resource, which must have a logical id. */
    static EhrSource of(SourceSite site, Resource resource) throws NotMapped {
        String id = resource.getIdElement().getIdPart();
        if (id == null || id.isBlank()) {
            throw NotMapped.unmappable("the " + resource.fhirType() + " has no id to key its registry copy on");
        }
        return new EhrSource(site, resource.fhirType(), id, id, version(resource));
    }

    /**
     * The source of an EHR Patient, whose logical id is named only by its keyed hash: some EHRs (Synthea among them)
     * use the MRN as the Patient id.
     */
    static EhrSource ofPatient(SourceSite site, Resource patient, Pseudonyms pseudonyms) {
        String id = patient.getIdElement().getIdPart();
        return new EhrSource(site, "Patient", id, pseudonyms.patientIdHash(id), version(patient));
    }

    private static String version(Resource resource) {
        String version = resource.getMeta().getVersionId();
        return version != null ? version : resource.getIdElement().getVersionIdPart();
    }

    /**
     * The id a {@link #url()} shows for a resource of the site, e.g. the keyed hash of a Patient's id; empty for a URL
     * of another site or type.
     */
    static Optional<String> shownId(SourceSite site, String type, String url) {
        String prefix = site.fhirBase() + "/" + type + "/";
        if (url == null || !url.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = url.substring(prefix.length());
        int history = rest.indexOf("/_history/");
        String id = history < 0 ? rest : rest.substring(0, history);
        return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
    }

    /** {@code <Type>/<id>}, how issues and outcomes name the source. */
    String reference() {
        return type + "/" + id;
    }

    String type() {
        return type;
    }

    String id() {
        return id;
    }

    /** {@code <Type>/<id>/_history/<version>}, without {@code _history} when the EHR gives no version. */
    String versionedReference() {
        return versionedReference;
    }

    /** {@code <site base>/<Type>/<id>/_history/<version>}, without {@code _history} when the EHR gives no version. */
    String url() {
        return site.fhirBase() + "/" + versionedReference;
    }

    /** The identifier of the registry copy of this source: the key of its conditional update. */
    Identifier key() {
        return new Identifier().setSystem(RegistryIdentifiers.source(site.id())).setValue(reference());
    }

    /** A fresh meta naming this source version and the site, with the registry profile when there is one. */
    Meta meta(String profile) {
        Meta meta = new Meta().setSource(url());
        meta.addSecurity(new Coding(RegistryCodeSystems.SOURCE_SITE, site.id(), null));
        if (profile != null) {
            meta.addProfile(profile);
        }
        return meta;
    }

    /** A transaction entry creating or updating the registry resource that carries {@code key}. */
    static BundleEntryComponent conditionalUpdate(Resource resource, Identifier key) {
        String url = conditionalUrl(resource.fhirType(), key);
        BundleEntryComponent entry =
                new BundleEntryComponent().setFullUrl(fullUrl(url)).setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(url);
        return entry;
    }

    /** {@code <Type>?identifier=<system>|<value>}: the match URL of a conditional update or reference. */
    static String conditionalUrl(String type, Identifier key) {
        return type + "?identifier=" + key.getSystem() + "|" + key.getValue();
    }

    /** A name-based {@code urn:uuid}, the same for the same match URL in every run. */
    static String fullUrl(String matchUrl) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(matchUrl.getBytes(StandardCharsets.UTF_8));
    }
}
