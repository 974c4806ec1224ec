package org.regenregistry.server.system;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Registers every {@link StorageInterceptor} bean on HAPI's JPA interceptor service once all beans exist. */
@Component
class StorageInterceptorRegistrar implements SmartInitializingSingleton {

    private final IInterceptorService interceptorService;
    private final List<StorageInterceptor> interceptors;

    StorageInterceptorRegistrar(IInterceptorService interceptorService, List<StorageInterceptor> interceptors) {
        this.interceptorService = interceptorService;
        this.interceptors = interceptors;
    }

    @Override
    public void afterSingletonsInstantiated() {
        interceptors.forEach(interceptorService::registerInterceptor);
    }
}
