package org.regenregistry.server.access;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.profiles.RegistryCodeSystems;

/**
 * The site a record belongs to: a security label ({@code meta.security}) of the registry's {@code source-site} code
 * system, the same label the EHR sync writes on what it brings from a hospital. A record a site writes carries its
 * site's label and no other.
 */
public final class SiteLabels {

    static final String SYSTEM = RegistryCodeSystems.SOURCE_SITE;

    private SiteLabels() {}

    /** Whether {@code resource} carries the label of {@code site}. */
    static boolean ownedBy(IBaseResource resource, String site) {
        return resource instanceof Resource r && r.getMeta().getSecurity(SYSTEM, site) != null;
    }

    /** The site whose label {@code resource} carries, if any. */
    public static Optional<String> siteOf(IBaseResource resource) {
        return resource instanceof Resource r
                ? r.getMeta().getSecurity().stream()
                        .filter(label -> SYSTEM.equals(label.getSystem()))
                        .map(Coding::getCode)
                        .findFirst()
                : Optional.empty();
    }

    /** Makes {@code site} the only site label of {@code resource}, whatever the client sent. */
    public static void stamp(IBaseResource resource, String site) {
        if (resource instanceof Resource r) {
            r.getMeta().getSecurity().removeIf(label -> SYSTEM.equals(label.getSystem()));
            r.getMeta().addSecurity(new Coding(SYSTEM, site, null));
        }
    }

    /** {@code matchUrl} ({@code Type?params}) narrowed to the records of {@code site}. */
    public static String narrowedMatchUrl(String matchUrl, String site) {
        return matchUrl + (matchUrl.contains("?") ? "&" : "?") + "_security="
                + URLEncoder.encode(searchToken(site), StandardCharsets.UTF_8);
    }

    /** The value of a {@code _security} search parameter for a site's records. */
    static String searchToken(String site) {
        return SYSTEM + "|" + site;
    }
}
