package org.regenregistry.profiles;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.model.Resource;

/**
 * HAPI's bridge from the core validator to the validation support chain, remembering what it found. The core validator
 * asks for the same few StructureDefinitions and value sets many times per resource (every element's type, every
 * binding); each ask went through the chain's own cache keys, a resource-type look-up and a lock on the definition to
 * find its R5 copy: a tenth of all validation time under trial ingest (docs/benchmarks.md).
 *
 * <p>Only what was found is kept, keyed by type and canonical URL (with its version, if asked with one): the chain
 * holds the registry package and FHIR R4 core, which do not change while the registry runs, so the same question
 * always has the same answer; a URL that resolves to nothing (one a resource under validation makes up) is asked
 * afresh each time, so the map stays as small as the package.
 */
final class CachedWorkerContext extends WorkerContextValidationSupportAdapter {

    private final Map<Class<?>, Map<String, Resource>> found = new ConcurrentHashMap<>();

    CachedWorkerContext(IValidationSupport validationSupport) {
        super(validationSupport);
    }

    @Override
    public <T extends Resource> T fetchResource(Class<T> type, String uri) {
        if (uri == null) {
            return null;
        }
        Map<String, Resource> ofType = found.computeIfAbsent(type, key -> new ConcurrentHashMap<>());
        Resource known = ofType.get(uri);
        if (known != null) {
            return type.cast(known);
        }
        T fetched = super.fetchResource(type, uri);
        if (fetched != null) {
            ofType.putIfAbsent(uri, fetched);
        }
        return fetched;
    }
}
