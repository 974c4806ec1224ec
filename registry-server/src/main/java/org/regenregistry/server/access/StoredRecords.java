package org.regenregistry.server.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * Reads a stored record as the registry itself, past the access rules, to decide on a caller's request (whose site
 * a record is): never to show it.
 */
@Component
class StoredRecords {

    private final DaoRegistry daos;

    StoredRecords(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The stored record, unless there is none of that type and id, it is gone (deleted) or cannot be read. */
    Optional<IBaseResource> read(IIdType id) {
        if (!daos.isResourceTypeSupported(id.getResourceType())) {
            return Optional.empty();
        }
        try {
            return Optional.of(daos.getResourceDao(id.getResourceType())
                    .read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
        } catch (BaseServerResponseException | IllegalArgumentException gone) {
            return Optional.empty();
        }
    }
}
