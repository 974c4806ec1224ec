package org.regenregistry.server.system;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.LoggingInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR REST endpoint at {@code /fhir}: every R4 resource type, the system operations (transaction, batch,
 * history), {@code $export} (<a href="https://hl7.org/fhir/uv/bulkdata/">Bulk Data</a>) and the CapabilityStatement.
 *
 * <p>Request-level interceptors (those on {@code SERVER_*} pointcuts) are registered here; storage-level ones go on
 * the JPA interceptor service so that they also see internal writes.
 */
@Configuration
class FhirEndpointConfig {

    static final String FHIR_PATH = "/fhir";

    @Bean
    RestfulServer restfulServer(
            FhirContext fhirContext,
            FhirServerSettings settings,
            IFhirSystemDao<?, ?> systemDao,
            JpaSystemProvider<?, ?> systemProvider,
            ResourceProviderFactory resourceProviders,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            BulkDataExportProvider bulkDataExportProvider,
            ValueSetOperationProvider valueSetOperationProvider,
            List<RequestInterceptor> requestInterceptors,
            List<RegistryResourceProvider> ownProviders,
            List<RegistryOperationProvider> ownOperations,
            ObjectProvider<BuildProperties> buildProperties) {
        fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths(settings.autoVersionReferencePaths());
        RestfulServer server = new RestfulServer(fhirContext) {
            /** No {@code X-Powered-By}: the server's make and version only help whoever looks for its weaknesses. */
            @Override
            public void addHeadersToResponse(HttpServletResponse response) {}
        };
        server.setServerName("regen-registry");
        buildProperties.ifAvailable(build -> server.setServerVersion(build.getVersion()));
        server.setImplementationDescription("regen-registry FHIR R4 server");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerAddressStrategy(
                settings.serverAddress().isBlank()
                        ? new IncomingRequestAddressStrategy()
                        : new HardcodedServerAddressStrategy(settings.serverAddress()));

        Set<Class<?>> ownTypes = ownProviders.stream()
                .map(RegistryResourceProvider::getResourceType)
                .collect(Collectors.toSet());
        server.registerProviders(resourceProviders.createProviders().stream()
                .filter(provider ->
                        !(provider instanceof IResourceProvider jpa && ownTypes.contains(jpa.getResourceType())))
                .toList());
        server.registerProviders(List.copyOf(ownProviders));
        server.registerProviders(List.copyOf(ownOperations));
        server.registerProvider(systemProvider);
        server.registerProvider(bulkDataExportProvider);
        server.registerProvider(valueSetOperationProvider);

        pagingProvider.setDefaultPageSize(settings.defaultPageSize());
        pagingProvider.setMaximumPageSize(settings.maxPageSize());
        server.setPagingProvider(pagingProvider);

        JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        capabilities.setImplementationDescription("regen-registry FHIR R4 server");
        server.setServerConformanceProvider(capabilities);

        server.registerInterceptor(new ResponseHighlighterInterceptor());
        server.registerInterceptor(accessLog());
        requestInterceptors.forEach(interceptor -> server.registerInterceptor(interceptor));
        return server;
    }

    /** One line per request on the {@code fhir.access} logger, in the structured log as any other event. */
    private static LoggingInterceptor accessLog() {
        LoggingInterceptor accessLog = new LoggingInterceptor();
        accessLog.setLoggerName("fhir.access");
        accessLog.setMessageFormat(
                "${requestId} ${requestVerb} ${requestUrl}${requestParameters} ${operationType} ${processingTimeMillis}ms");
        accessLog.setErrorMessageFormat(
                "${requestId} ${requestVerb} ${requestUrl}${requestParameters} failed: ${exceptionMessage}");
        accessLog.setLogExceptions(true);
        return accessLog;
    }

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer restfulServer) {
        ServletRegistrationBean<RestfulServer> registration =
                new ServletRegistrationBean<>(restfulServer, FHIR_PATH + "/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
