package org.regenregistry.search.match;

import java.util.List;

/**
 * A trial a patient may be eligible for, with the reasons.
 *
 * @param trialId the ResearchStudy id
 * @param met the criteria the patient's data meets, each with what showed it
 * @param notChecked the criteria the data given cannot show
 * @param failed the criteria the data fails
 * @param nearestSiteKm the distance to the trial's nearest site with a position, when the patient's place is known
 */
public record TrialMatch(
        String trialId,
        String title,
        String recruitmentStatus,
        String phase,
        List<String> therapyFamilies,
        List<String> conditions,
        List<String> met,
        List<String> notChecked,
        List<String> failed,
        Double nearestSiteKm) {

    public TrialMatch {
        met = List.copyOf(met);
        notChecked = List.copyOf(notChecked);
        failed = List.copyOf(failed);
    }
}
