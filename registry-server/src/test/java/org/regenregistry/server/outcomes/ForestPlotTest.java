package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ForestPlotTest {

    private static PooledAnalysis.Result result(boolean pooled) {
        PooledAnalysis.Group group = new PooledAnalysis.Group(List.of("A"), 30, -3, 2);
        List<PooledAnalysis.Comparison> comparisons = List.of(
                new PooledAnalysis.Comparison(
                        "t1", "PRP <knee> & saline", "72514-3", group, group, -1.5, 0.2, -2.4, -0.6, 40.0),
                new PooledAnalysis.Comparison("t2", null, "72514-3", group, group, -0.5, 0.3, -1.6, 0.6, 35.0),
                new PooledAnalysis.Comparison("t3", "Third", "72514-3", group, group, 0.4, 0.4, -0.8, 1.6, 25.0));
        PooledAnalysis.Pooled estimate =
                new PooledAnalysis.Pooled(3, "DL", "HKSJ", -0.7, 0.4, -2.4, 1.0, -5.0, 3.6, 0.2, 0.3, 45.0, 3.6, 0.16);
        return new PooledAnalysis.Result(
                PooledAnalysis.Measure.MD,
                "72514-3",
                "Pain NRS 0-10",
                pooled ? estimate : null,
                pooled ? null : "fewer than 3 controlled comparisons (2)",
                comparisons,
                List.of(),
                List.of());
    }

    @Test
    void svgNamesEveryTrialEscapedAndDrawsThePooledDiamond() {
        String svg = new ForestPlot(result(true), "Mean difference").svg();
        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg).contains("PRP &lt;knee&gt; &amp; saline", ">t2<", ">Third<");
        assertThat(svg).contains("<polygon").contains("-0.70 [-2.40, 1.00]").contains("Prediction interval");
        assertThat(svg).doesNotContain("<style", "<script");
        assertThat(svg.split("<rect ").length - 2).as("a square per trial").isEqualTo(3);
    }

    @Test
    void withoutAPooledEstimateItSaysWhy() {
        String svg = new ForestPlot(result(false), "Mean difference").svg();
        assertThat(svg).doesNotContain("<polygon").contains("No pooled estimate: fewer than 3");
    }

    @Test
    void pngIsAnImageOfTheSameSize() throws IOException {
        byte[] png = new ForestPlot(result(true), "Mean difference").png();
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(960);
        assertThat(new ForestPlot(result(true), "x").svg()).contains("height=\"" + image.getHeight() + "\"");
    }

    @Test
    void ticksAreRoundNumbers() {
        assertThat(ForestPlot.step(0.37)).isEqualTo(0.5);
        assertThat(ForestPlot.step(1.3)).isEqualTo(2);
        assertThat(ForestPlot.step(7)).isEqualTo(10);
    }
}
