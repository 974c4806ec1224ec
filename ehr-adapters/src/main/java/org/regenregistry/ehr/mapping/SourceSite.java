package org.regenregistry.ehr.mapping;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The EHR site a mapping reads from: its registry id, its secret key for keyed hashing (HMAC-SHA256, at least 256
 * bits, never leaves the sync), its FHIR base URL, and optionally the identifier system of its MRNs when the EHR does
 * not mark them with type {@code MR} (<a href="https://terminology.hl7.org/CodeSystem-v2-0203.html">v2-0203</a>).
 *
 * @param mrnSystem the MRN identifier system, or {@code null} to find the MRN by its type alone
 */
public record SourceSite(String id, byte[] key, URI fhirBase, String mrnSystem) {

    private static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MIN_KEY_BYTES = 32;

    public SourceSite {
        if (id == null || !SITE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A site id is lower-case letters, digits and hyphens, not " + id);
        }
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The key of site " + id + " must have at least 256 bits");
        }
        if (fhirBase == null || !fhirBase.isAbsolute()) {
            throw new IllegalArgumentException("The FHIR base of site " + id + " must be an absolute URL");
        }
        key = key.clone();
        fhirBase = URI.create(fhirBase.toString().replaceAll("/+$", ""));
    }

    /** A site whose MRNs carry identifier type {@code MR}. */
    public SourceSite(String id, byte[] key, URI fhirBase) {
        this(id, key, fhirBase, null);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceSite site
                && id.equals(site.id)
                && Arrays.equals(key, site.key)
                && fhirBase.equals(site.fhirBase)
                && Objects.equals(mrnSystem, site.mrnSystem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(key), fhirBase, mrnSystem);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "SourceSite[id=" + id + ", fhirBase=" + fhirBase + ", mrnSystem=" + mrnSystem + "]";
    }
}
