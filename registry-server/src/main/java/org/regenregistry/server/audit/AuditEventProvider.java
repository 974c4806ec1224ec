package org.regenregistry.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.ParserOptions;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.regenregistry.server.access.BulkExportAccessInterceptor;
import org.regenregistry.server.system.RegistryResourceProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The audit trail as FHIR {@code AuditEvent}s, read-only (<a href="https://profiles.ihe.net/ITI/BALP/">IHE BALP</a>):
 * read by id, and search by {@code entity} (a record, {@code Patient/123}), {@code agent} (a client id), {@code site},
 * {@code date}, newest first and paged by {@code _offset}. Create, update and delete are refused: by the access rules
 * (403, in transactions too), and here with 405 should a rule ever let one through.
 */
@Component
public class AuditEventProvider implements RegistryResourceProvider, SmartInitializingSingleton {

    private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final int DEFAULT_PAGE = 20;
    private static final int LARGEST_PAGE = 500;

    private static final String APPEND_ONLY =
            "Audit records are the registry's own and append-only: no client creates, changes or deletes one";

    private final AuditLog audit;
    private final FhirContext context;

    AuditEventProvider(AuditLog audit, FhirContext context) {
        this.audit = audit;
        this.context = context;
    }

    /** An AuditEvent names the version of each record it was about: its references keep their versions. */
    @Override
    public void afterSingletonsInstantiated() {
        ParserOptions options = context.getParserOptions();
        Set<String> paths = new HashSet<>(options.getDontStripVersionsFromReferencesAtPaths());
        paths.add("AuditEvent.entity.what");
        options.setDontStripVersionsFromReferencesAtPaths(paths);
    }

    @Create
    public MethodOutcome create(@ResourceParam AuditEvent event) {
        throw new MethodNotAllowedException(APPEND_ONLY);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam AuditEvent event) {
        throw new MethodNotAllowedException(APPEND_ONLY);
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id) {
        throw new MethodNotAllowedException(APPEND_ONLY);
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        return audit
                .jdbc()
                .query(
                        "SELECT " + AuditLog.COLUMNS + " FROM " + AuditLog.EVENTS + " WHERE EVENT_ID = ?",
                        (row, index) -> AuditLog.entry(row),
                        id.getIdPart())
                .stream()
                .findFirst()
                .map(AuditEventProvider::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity,
            @OptionalParam(name = AuditEvent.SP_AGENT) TokenParam agent,
            @OptionalParam(name = AuditEvent.SP_SITE) StringParam site,
            @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            @Count Integer count,
            @Offset Integer offset) {
        int size = count == null ? DEFAULT_PAGE : Math.max(1, Math.min(count, LARGEST_PAGE));
        int from = offset == null ? 0 : Math.max(0, offset);
        AuditQuery query = new AuditQuery(
                entity == null
                        ? null
                        : List.of(new IdType(entity.getValue())
                                .toUnqualifiedVersionless()
                                .getValue()),
                agent == null ? null : agent.getValue(),
                site == null ? null : site.getValue(),
                date == null || date.getLowerBoundAsInstant() == null
                        ? null
                        : date.getLowerBoundAsInstant().toInstant(),
                date == null || date.getUpperBoundAsInstant() == null
                        ? null
                        : date.getUpperBoundAsInstant().toInstant());
        List<AuditEvent> events = query.page(audit, from, size).stream()
                .map(AuditEventProvider::toFhir)
                .toList();
        SimpleBundleProvider page = new SimpleBundleProvider(events);
        page.setCurrentPageOffset(from);
        page.setCurrentPageSize(size);
        page.setSize((int) Math.min(Integer.MAX_VALUE, query.count(audit)));
        return page;
    }

    /** One audit record as a BALP-shaped AuditEvent. */
    static AuditEvent toFhir(AuditEntry entry) {
        AuditEvent event = new AuditEvent();
        event.setId(entry.id());
        event.setType(new Coding(EVENT_TYPE, "rest", "RESTful Operation"));
        boolean interaction =
                !entry.subtype().startsWith("$") && !entry.subtype().contains(" ");
        event.addSubtype(new Coding(interaction ? INTERACTION : null, entry.subtype(), null));
        event.setAction(AuditEvent.AuditEventAction.fromCode(entry.action()));
        event.setRecorded(Date.from(entry.recorded()));
        event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(entry.outcome()));
        event.setOutcomeDesc(entry.outcomeText());
        AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        agent.getType().setText(entry.role());
        agent.setWho(new Reference()
                .setIdentifier(new Identifier()
                        .setSystem(BulkExportAccessInterceptor.CLIENT_SYSTEM)
                        .setValue(entry.client().isEmpty() ? "anonymous" : entry.client())));
        if (entry.sourceAddress() != null) {
            agent.getNetwork().setAddress(entry.sourceAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        event.getSource().setSite(entry.site()).getObserver().setDisplay("regen-registry");
        for (String reference : entry.entities()) {
            event.addEntity().setWhat(new Reference(reference)).setType(new Coding(ENTITY_TYPE, "2", "System Object"));
        }
        if (entry.query() != null) {
            event.addEntity()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setDescription(entry.method() + " " + entry.path())
                    .setQuery((entry.path() + "?" + entry.query()).getBytes(StandardCharsets.UTF_8));
        }
        return event;
    }
}
