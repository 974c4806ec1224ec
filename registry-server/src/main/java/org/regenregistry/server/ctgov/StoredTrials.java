package org.regenregistry.server.ctgov;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.regenregistry.ctgov.StudyMapper;
import org.regenregistry.profiles.RegistryExtensions;
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

    /** The source's last update date of the imported trial {@code trialId}; empty when there is no such trial. */
    Optional<String> sourceVersion(String trialId) {
        try {
            ResearchStudy trial = (ResearchStudy) daos.getResourceDao(ResearchStudy.class)
                    .read(new IdType("ResearchStudy", trialId), new SystemRequestDetails());
            return Optional.ofNullable(trial.getExtensionByUrl(RegistryExtensions.SOURCE_RECORD))
                    .map(source -> source.getExtensionByUrl("lastUpdated"))
                    .map(lastUpdated -> lastUpdated.getValue().primitiveValue());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** The ids of the trials, other than {@code trialId}, that carry NCT number {@code nctId}. */
    List<String> othersWithNctId(String nctId, String trialId) {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.add(ResearchStudy.SP_IDENTIFIER, new TokenParam(StudyMapper.NCT_SYSTEM, nctId));
        return SearchResults.all(daos.getResourceDao(ResearchStudy.class).search(search, new SystemRequestDetails()))
                .stream()
                .map(trial -> trial.getIdElement().getIdPart())
                .filter(id -> !id.equals(trialId))
                .toList();
    }

    void store(Bundle transaction) {
        system.transaction(new SystemRequestDetails(), transaction);
    }
}
