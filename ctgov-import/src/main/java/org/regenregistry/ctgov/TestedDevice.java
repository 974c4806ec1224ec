package org.regenregistry.ctgov;

/**
 * A tested intervention that {@link TherapyClassifier} recognised as a neuromodulation device of one modality.
 *
 * @param name the intervention's name as the record gives it
 * @param modality the neuromodulation subtype it matched (scs, drg, pns, tms, tdcs, dbs, tens)
 * @param text its name, other names and description, where {@link NeuromodulationDevices} reads how it stimulates
 */
public record TestedDevice(String name, String modality, String text) {}
