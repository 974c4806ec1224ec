/**
 * Long-term follow-up: the contacts each subject's follow-up plan (rr-follow-up-plan) and the regulators' guidance
 * expect, which of them were made on time, who is due, overdue or lost, compliance per trial and site, the
 * regulators' report ({@code /api/follow-up}), and the daily job that raises a Task for each contact that has become
 * overdue, which the {@code follow-up-overdue} subscription topic announces to the subject's site.
 */
package org.regenregistry.server.followup;
