package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regenregistry.statistics.RandomEffects;

class AnalysisRequestTest {

    @Test
    void defaultsAndFilters() {
        AnalysisRequest request = AnalysisRequest.parse(
                Map.of("therapyFamily", List.of("prp"), "conditionGroup", List.of("osteoarthritis")));
        assertThat(request.outcome()).isEqualTo("pain");
        assertThat(request.timePoint()).isEqualTo("6mo");
        assertThat(request.measure()).isNull();
        assertThat(request.tau2()).isEqualTo(RandomEffects.Tau2.DERSIMONIAN_LAIRD);
        assertThat(request.test()).isEqualTo(RandomEffects.IntervalMethod.HARTUNG_KNAPP);
        assertThat(request.trials().filters()).hasSize(2);
    }

    @Test
    void theAnalysisOwnParameters() {
        AnalysisRequest request = AnalysisRequest.parse(Map.of(
                "outcome", List.of("function"),
                "timepoint", List.of("12mo"),
                "instrument", List.of("97909-6"),
                "tau2", List.of("REML"),
                "interval", List.of("wald")));
        assertThat(request.measure()).isEqualTo(PooledAnalysis.Measure.MD);
        assertThat(request.instrument()).isEqualTo("97909-6");
        assertThat(request.tau2()).isEqualTo(RandomEffects.Tau2.REML);
        assertThat(request.test()).isEqualTo(RandomEffects.IntervalMethod.WALD);
    }

    @Test
    void badParametersAreRefusedByName() {
        assertThatThrownBy(() -> AnalysisRequest.parse(Map.of("timepoint", List.of("7mo"))))
                .hasMessageContaining("timepoint");
        assertThatThrownBy(() -> AnalysisRequest.parse(Map.of("outcome", List.of("mood"))))
                .hasMessageContaining("outcome");
        assertThatThrownBy(() -> AnalysisRequest.parse(Map.of("instrument", List.of("97909-6"))))
                .hasMessageContaining("measures function");
        assertThatThrownBy(() -> AnalysisRequest.parse(Map.of("page", List.of("2"))))
                .hasMessageContaining("not a filter");
        assertThatThrownBy(() -> AnalysisRequest.parse(Map.of("colour", List.of("red"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnalysisRequest.parse(Map.of("tau2", List.of("pm"))))
                .hasMessageContaining("tau2");
    }
}
