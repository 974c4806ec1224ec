package org.regenregistry.server.ctgov;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriOrListParam;
import ca.uhn.fhir.rest.param.UriParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.regenregistry.ctgov.StudyMapper;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.system.SearchResults;
import org.springframework.stereotype.Component;

/**
 * The registry's trials as an import sees them, through HAPI's DAOs: so profile enforcement, the search-index outbox,
 * subscriptions and the audit trail see an imported record like any other write.
 */
@Component
class StoredTrials {

    private final IFhirSystemDao<Bundle, Meta> system;
    private final DaoRegistry daos;

    StoredTrials(IFhirSystemDao<Bundle, Meta> system, DaoRegistry daos) {
        this.system = system;
        this.daos = daos;
    }

    /**
     * The trials carrying NCT number {@code nctId}, found in one search: the source version of the imported trial
     * {@code trialId} if it is stored (a deleted one is not), and the ids of the others.
     */
    Carriers carrying(String nctId, String trialId) {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.add(ResearchStudy.SP_IDENTIFIER, new TokenParam(StudyMapper.NCT_SYSTEM, nctId));
        Optional<String> sourceVersion = Optional.empty();
        List<String> others = new ArrayList<>();
        for (IBaseResource found : SearchResults.all(
                daos.getResourceDao(ResearchStudy.class).search(search, new SystemRequestDetails()))) {
            ResearchStudy trial = (ResearchStudy) found;
            if (trial.getIdElement().getIdPart().equals(trialId)) {
                sourceVersion = Optional.ofNullable(trial.getExtensionByUrl(RegistryExtensions.SOURCE_RECORD))
                        .map(source -> source.getExtensionByUrl("lastUpdated"))
                        .map(lastUpdated -> lastUpdated.getValue().primitiveValue());
            } else {
                others.add(trial.getIdElement().getIdPart());
            }
        }
        return new Carriers(sourceVersion, others);
    }

    /**
     * @param sourceVersion the stored imported trial's source version (its lastUpdatePostDate), if it is stored
     * @param others the other trials carrying the NCT number
     */
    record Carriers(Optional<String> sourceVersion, List<String> others) {}

    /**
     * Stores a mapped record in one transaction. For a record stored before, result records the new version no longer
     * has (a measure withdrawn or renamed upstream) are deleted in the same transaction, so a trial's results are
     * always those of one version of its record.
     */
    void store(Bundle transaction, String trialId, boolean storedBefore) {
        if (storedBefore) {
            Set<String> kept = transaction.getEntry().stream()
                    .map(entry -> entry.getRequest().getUrl())
                    .collect(Collectors.toSet());
            SearchParameterMap search = SearchParameterMap.newSynchronous();
            search.add("trial", new ReferenceParam("ResearchStudy/" + trialId));
            UriOrListParam profiles = new UriOrListParam();
            RegistryProfiles.RESULTS.forEach(profile -> profiles.addOr(new UriParam(profile)));
            search.add("_profile", profiles);
            daos.getResourceDao(Observation.class).searchForResourceIds(search, new SystemRequestDetails()).stream()
                    .map(id -> "Observation/" + id.getIdPart())
                    .filter(url -> !kept.contains(url))
                    .forEach(url -> transaction
                            .addEntry()
                            .getRequest()
                            .setMethod(Bundle.HTTPVerb.DELETE)
                            .setUrl(url));
        }
        system.transaction(new SystemRequestDetails(), transaction);
    }
}
