/**
 * The registry's outcome statistics as plain computations over numbers: a sample's mean with its t interval, effect
 * sizes of two-group comparisons (mean difference, Hedges' g) and their random-effects pooling (DerSimonian-Laird or
 * REML between-trial variance, Wald or Hartung-Knapp-Sidik-Jonkman intervals, the prediction interval, Q, I²).
 *
 * <p>Nothing here knows FHIR, the database or the server; the formulas follow metafor (Viechtbauer 2010,
 * <a href="https://doi.org/10.18637/jss.v036.i03">J Stat Softw 36(3)</a>) so that its results can be checked against
 * it, which the tests do.
 */
package org.regenregistry.statistics;
