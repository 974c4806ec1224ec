/**
 * Matching a patient to trials: the recruiting trials of the index that a patient's conditions or therapies of
 * interest point to, each with the structured eligibility criteria the patient's data meets, fails or cannot show
 * (age, sex, condition, distance to the nearest site, therapy family). Free-text criteria are not judged here.
 */
package org.regenregistry.search.match;
