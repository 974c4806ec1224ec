package org.regenregistry.ehr.mapping;

import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;
import org.regenregistry.profiles.RegistryIdentifierSystems;

/**
 * Links a registry Patient back to its EHR Patient without the registry keeping the EHR's id (which may be the MRN
 * itself): the registry Patient's {@code meta.source} names the EHR Patient by the keyed hash of its id, and only
 * whoever holds the site's key, as the sync does for the members of the site's Group, can compute that hash from an
 * EHR id.
 */
public final class EhrPatientLinks {

    private final SourceSite site;
    private final Pseudonyms pseudonyms;

    public EhrPatientLinks(SourceSite site) {
        this.site = site;
        this.pseudonyms = new Pseudonyms(site.key());
    }

    /** The keyed hash that stands for an EHR Patient id in the registry. */
    public String hashOf(String ehrPatientId) {
        return pseudonyms.patientIdHash(ehrPatientId);
    }

    /** The keyed hash of the EHR Patient a registry Patient of this site was synced from. */
    public Optional<String> hashIn(Patient registryPatient) {
        return EhrSource.shownId(site, "Patient", registryPatient.getMeta().getSource());
    }

    /** The registry pseudonym a registry Patient carries. */
    public static Optional<String> pseudonymOf(Patient registryPatient) {
        return registryPatient.getIdentifier().stream()
                .filter(identifier -> RegistryIdentifierSystems.PSEUDONYM.equals(identifier.getSystem()))
                .map(identifier -> identifier.getValue())
                .findFirst();
    }
}
