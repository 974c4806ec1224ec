package org.regenregistry.server.ehr;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.ehr.mapping.Enrolment;
import org.regenregistry.ehr.mapping.SourceSite;
import org.regenregistry.ehr.mapping.TherapyProduct;

/** One configured site, with what its mapping needs. */
record SiteContext(String id, EhrSettings.Site settings, SourceSite source, List<TherapyProduct> products) {

    private static final Pattern EHR_PATIENT = Pattern.compile("Patient/([A-Za-z0-9\\-.]{1,64})");

    static SiteContext of(String id, EhrSettings.Site settings) {
        return new SiteContext(
                id,
                settings,
                new SourceSite(
                        id,
                        settings.pseudonymKey().getBytes(StandardCharsets.UTF_8),
                        settings.fhirBaseUrl(),
                        settings.mrnSystem()),
                settings.products().stream()
                        .map(EhrSettings.Product::therapyProduct)
                        .toList());
    }

    /**
     * The subject's enrolment in the site's trial: its start from the Group member (or the EHR's ResearchSubject),
     * its arm from the EHR's ResearchSubject (or the site's setting), withdrawn when the Group marks the member
     * inactive.
     */
    Optional<Enrolment> enrolment(Group.GroupMemberComponent member, List<Resource> resources) {
        ResearchSubject ehr = resources.stream()
                .filter(ResearchSubject.class::isInstance)
                .map(ResearchSubject.class::cast)
                .findFirst()
                .orElse(null);
        Date start = member != null && member.getPeriod().hasStart()
                ? member.getPeriod().getStart()
                : ehr != null && ehr.getPeriod().hasStart() ? ehr.getPeriod().getStart() : null;
        String arm = ehr != null && ehr.hasAssignedArm() ? ehr.getAssignedArm() : settings.arm();
        if (start == null || arm == null) {
            return Optional.empty();
        }
        ResearchSubjectStatus status = ehr != null && ehr.hasStatus()
                ? ehr.getStatus()
                : member != null && member.getInactive()
                        ? ResearchSubjectStatus.WITHDRAWN
                        : ResearchSubjectStatus.ONSTUDY;
        return Optional.of(new Enrolment(
                "ResearchStudy/" + settings.trial(),
                arm,
                LocalDate.ofInstant(start.toInstant(), ZoneOffset.UTC),
                status,
                products,
                ehr == null
                        ? null
                        : SiteSync.idOf(ehr.getStudy(), "ResearchStudy").orElse(null)));
    }

    /**
     * A run record's text as it may be kept: an EHR Patient id is often the MRN itself, so each {@code Patient/<id>}
     * becomes its keyed hash (the site can recompute it with its pseudonym key); other resource ids name no one.
     */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        return EHR_PATIENT.matcher(text).replaceAll(match -> "Patient/#" + hash(match.group(1)));
    }

    private String hash(String patientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(source().key(), "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
