package org.regenregistry.ctgov;

/** A record that cannot become a registry trial, with the reason the import report shows. */
public class UnmappableStudy extends Exception {

    public UnmappableStudy(String reason) {
        super(reason);
    }
}
