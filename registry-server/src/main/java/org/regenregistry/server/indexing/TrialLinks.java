package org.regenregistry.server.indexing;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.regenregistry.profiles.CoreExtensions;
import org.springframework.stereotype.Component;

/**
 * Which trials a resource's write changes the search document of: the trial itself, the trial a ResearchSubject,
 * AdverseEvent or outcome Observation belongs to (counts, results), and the trials that refer to a Location (site),
 * Organization (sponsor), Group (eligibility), BiologicallyDerivedProduct (investigational product) or DeviceDefinition
 * (neuromodulation device).
 */
@Component
public class TrialLinks {

    private static final String STUDY = "ResearchStudy";

    private final DaoRegistry daos;

    TrialLinks(DaoRegistry daos) {
        this.daos = daos;
    }

    Set<String> trialsOf(IBaseResource resource) {
        return switch (resource.fhirType()) {
            case STUDY -> Set.of(resource.getIdElement().getIdPart());
            case "ResearchSubject", "AdverseEvent", "Observation" -> studiesNamedBy(resource);
            case "Location" -> referringTrials("site", resource);
            case "Organization" -> referringTrials("sponsor", resource);
            case "Group" -> referringTrials("enrollment", resource);
            case "BiologicallyDerivedProduct", "DeviceDefinition" -> referringTrials("product", resource);
            default -> Set.of();
        };
    }

    /**
     * The trials a resource's creation changes: those of {@link #trialsOf}, without searching for trials that refer
     * to a new site, sponsor, eligibility group or product. None can: a reference must resolve when it is written and
     * a referenced resource cannot be deleted ({@code JpaConfig}: referential integrity on write and on delete), so
     * no stored trial names an id that did not exist, and a trial written in the same transaction is touched by its
     * own write. Under trial ingest these searches took a twentieth of the request threads' time outside validation.
     */
    Set<String> trialsOfCreated(IBaseResource resource) {
        return switch (resource.fhirType()) {
            case "Location", "Organization", "Group", "BiologicallyDerivedProduct", "DeviceDefinition" -> Set.of();
            default -> trialsOf(resource);
        };
    }

    /** The trials a ResearchSubject, AdverseEvent or outcome Observation belongs to. */
    public static Set<String> studiesNamedBy(IBaseResource resource) {
        Stream<Reference> references =
                switch (resource.fhirType()) {
                    case "ResearchSubject" -> Stream.of(((ResearchSubject) resource).getStudy());
                    case "AdverseEvent" -> ((AdverseEvent) resource).getStudy().stream();
                    case "Observation" -> ((Observation) resource)
                            .getExtensionsByUrl(CoreExtensions.RESEARCH_STUDY).stream()
                                    .map(Extension::getValue)
                                    .filter(Reference.class::isInstance)
                                    .map(Reference.class::cast);
                    default -> Stream.empty();
                };
        return references
                .map(Reference::getReferenceElement)
                .filter(id -> STUDY.equals(id.getResourceType()) && id.hasIdPart())
                .map(id -> id.getIdPart())
                .collect(Collectors.toSet());
    }

    /**
     * The ids only, never the resources: this runs inside the write's own transaction, and loading a trial written
     * in that transaction would pull the TagDefinitions that HAPI shares across sessions (its tag cache) into this
     * session, where two concurrent writers then fail with "a collection with two open sessions".
     */
    private Set<String> referringTrials(String parameter, IBaseResource target) {
        IdType id = new IdType(target.fhirType(), target.getIdElement().getIdPart());
        SearchParameterMap search = SearchParameterMap.newSynchronous(parameter, new ReferenceParam(id.getValue()));
        return daos
                .getResourceDao(ResearchStudy.class)
                .searchForResourceIds(search, new SystemRequestDetails())
                .stream()
                .map(IIdType::getIdPart)
                .collect(Collectors.toSet());
    }
}
