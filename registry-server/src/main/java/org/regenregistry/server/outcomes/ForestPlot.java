package org.regenregistry.server.outcomes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The forest plot of a pooled analysis: one row per controlled comparison (its estimate as a square sized by its
 * weight, its 95% interval as a line, the numbers beside), the pooled estimate as a diamond over its interval, the
 * prediction interval as a line under it, the line of no effect, and an axis saying which side favours what. Drawn
 * once onto a {@link Canvas}, as SVG (for pages and the API) or as a PNG (for documents that take no SVG).
 */
final class ForestPlot {

    private static final int WIDTH = 960;
    private static final int ROW = 22;
    private static final int TOP = 56;
    private static final int PLOT_LEFT = 430;
    private static final int PLOT_RIGHT = 730;
    private static final int LABEL_CHARS = 58;

    private final PooledAnalysis.Result result;
    private final String effectLabel;
    private final double low;
    private final double high;

    ForestPlot(PooledAnalysis.Result result, String effectLabel) {
        this.result = result;
        this.effectLabel = effectLabel;
        double min = 0;
        double max = 0;
        for (PooledAnalysis.Comparison comparison : result.comparisons()) {
            min = Math.min(min, comparison.ciLower());
            max = Math.max(max, comparison.ciUpper());
        }
        if (result.pooled() != null) {
            PooledAnalysis.Pooled pooled = result.pooled();
            min = Math.min(min, pooled.predictionLower() != null ? pooled.predictionLower() : pooled.ciLower());
            max = Math.max(max, pooled.predictionUpper() != null ? pooled.predictionUpper() : pooled.ciUpper());
        }
        double step = step((max - min) / 6);
        this.low = Math.floor(min / step) * step;
        this.high = Math.max(Math.ceil(max / step) * step, low + step);
    }

    /** The plot as an SVG document. */
    String svg() {
        SvgCanvas canvas = new SvgCanvas(WIDTH, height(), "Forest plot: " + effectLabel);
        draw(canvas);
        return canvas.document();
    }

    /** The plot as a PNG image. */
    byte[] png() {
        BufferedImage image = new BufferedImage(WIDTH, height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, WIDTH, height());
            draw(new ImageCanvas(graphics));
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private int rows() {
        return result.comparisons().size() + (result.pooled() != null ? 2 : 1);
    }

    private int height() {
        return TOP + rows() * ROW + 70;
    }

    private double x(double value) {
        return PLOT_LEFT + (value - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT);
    }

    private void draw(Canvas canvas) {
        canvas.text(10, 24, Canvas.Anchor.START, true, "Trial");
        canvas.text((PLOT_LEFT + PLOT_RIGHT) / 2.0, 24, Canvas.Anchor.MIDDLE, true, effectLabel);
        canvas.text(880, 24, Canvas.Anchor.END, true, "Estimate [95% CI]");
        canvas.text(950, 24, Canvas.Anchor.END, true, "Weight");
        double y = TOP;
        for (PooledAnalysis.Comparison comparison : result.comparisons()) {
            String title = comparison.title() == null ? comparison.trial() : comparison.title();
            canvas.text(10, y + 4, Canvas.Anchor.START, false, shorten(title));
            canvas.line(x(comparison.ciLower()), y, x(comparison.ciUpper()), y, false);
            double size = comparison.weight() == null ? 6 : 4 + Math.sqrt(comparison.weight()) * 1.6;
            canvas.square(x(comparison.estimate()), y, size);
            canvas.text(
                    880,
                    y + 4,
                    Canvas.Anchor.END,
                    false,
                    estimate(comparison.estimate(), comparison.ciLower(), comparison.ciUpper()));
            if (comparison.weight() != null) {
                canvas.text(
                        950,
                        y + 4,
                        Canvas.Anchor.END,
                        false,
                        String.format(Locale.ROOT, "%.1f%%", comparison.weight()));
            }
            y += ROW;
        }
        PooledAnalysis.Pooled pooled = result.pooled();
        if (pooled != null) {
            canvas.text(
                    10,
                    y + 4,
                    Canvas.Anchor.START,
                    true,
                    String.format(
                            Locale.ROOT,
                            "Random effects (%s, %s): τ² = %.3g, I² = %.0f%%",
                            pooled.tau2Method(),
                            pooled.interval(),
                            pooled.tau2(),
                            pooled.i2()));
            canvas.diamond(x(pooled.ciLower()), x(pooled.estimate()), x(pooled.ciUpper()), y, 7);
            canvas.text(
                    880,
                    y + 4,
                    Canvas.Anchor.END,
                    true,
                    estimate(pooled.estimate(), pooled.ciLower(), pooled.ciUpper()));
            canvas.text(950, y + 4, Canvas.Anchor.END, true, "100%");
            y += ROW;
            if (pooled.predictionLower() != null) {
                canvas.text(10, y + 4, Canvas.Anchor.START, false, "Prediction interval");
                canvas.line(x(pooled.predictionLower()), y, x(pooled.predictionUpper()), y, true);
                canvas.text(
                        880,
                        y + 4,
                        Canvas.Anchor.END,
                        false,
                        String.format(Locale.ROOT, "[%.2f, %.2f]", pooled.predictionLower(), pooled.predictionUpper()));
            }
        } else {
            canvas.text(10, y + 4, Canvas.Anchor.START, false, "No pooled estimate: " + result.noPooledEstimate());
        }
        double axis = TOP + rows() * ROW;
        canvas.line(x(0), TOP - ROW / 2.0, x(0), axis, false);
        canvas.line(PLOT_LEFT, axis, PLOT_RIGHT, axis, false);
        double step = step((high - low) / 6);
        for (double tick = low; tick <= high + step / 2; tick += step) {
            canvas.line(x(tick), axis, x(tick), axis + 5, false);
            canvas.text(x(tick), axis + 18, Canvas.Anchor.MIDDLE, false, number(tick));
        }
        canvas.text(x(0) - 8, axis + 38, Canvas.Anchor.END, false, "← favours intervention");
        canvas.text(x(0) + 8, axis + 38, Canvas.Anchor.START, false, "favours comparator →");
    }

    private static String estimate(double estimate, double lower, double upper) {
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", estimate, lower, upper);
    }

    private static String number(double value) {
        return Math.abs(value) < 1e-9 ? "0" : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String shorten(String title) {
        return title.length() <= LABEL_CHARS ? title : title.substring(0, LABEL_CHARS - 1) + "…";
    }

    /** A tick step of 1, 2 or 5 times a power of ten near {@code rough}. */
    static double step(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double scaled = rough / power;
        return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
    }

    /** What the plot draws with. */
    interface Canvas {

        enum Anchor {
            START,
            MIDDLE,
            END
        }

        void text(double x, double y, Anchor anchor, boolean bold, String text);

        void line(double x1, double y1, double x2, double y2, boolean dashed);

        void square(double x, double y, double size);

        void diamond(double left, double centre, double right, double y, double half);
    }

    /** SVG with presentation attributes only (no style element: the pages' CSP allows no inline style). */
    static final class SvgCanvas implements Canvas {

        private final StringBuilder svg = new StringBuilder();

        SvgCanvas(int width, int height, String title) {
            svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                    .append(width)
                    .append("\" height=\"")
                    .append(height)
                    .append("\" viewBox=\"0 0 ")
                    .append(width)
                    .append(' ')
                    .append(height)
                    .append("\" role=\"img\" aria-label=\"")
                    .append(escape(title))
                    .append("\" font-family=\"sans-serif\" font-size=\"12\">");
            svg.append("<title>").append(escape(title)).append("</title>");
            svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        }

        @Override
        public void text(double x, double y, Anchor anchor, boolean bold, String text) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s fill=\"#1a1a1a\">%s</text>",
                    x,
                    y,
                    anchor.name().toLowerCase(Locale.ROOT),
                    bold ? " font-weight=\"bold\"" : "",
                    escape(text)));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, boolean dashed) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a1a1a\"%s/>",
                    x1,
                    y1,
                    x2,
                    y2,
                    dashed ? " stroke-dasharray=\"4 3\"" : ""));
        }

        @Override
        public void square(double x, double y, double size) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#24589e\"/>",
                    x - size / 2,
                    y - size / 2,
                    size,
                    size));
        }

        @Override
        public void diamond(double left, double centre, double right, double y, double half) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#a33b20\"/>",
                    left,
                    y,
                    centre,
                    y - half,
                    right,
                    y,
                    centre,
                    y + half));
        }

        String document() {
            return svg + "</svg>";
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;");
        }
    }

    /** Java 2D onto an image, headless. */
    static final class ImageCanvas implements Canvas {

        private static final Color INK = new Color(0x1a1a1a);
        private final Graphics2D graphics;
        private final Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        private final Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);

        ImageCanvas(Graphics2D graphics) {
            this.graphics = graphics;
        }

        @Override
        public void text(double x, double y, Anchor anchor, boolean strong, String text) {
            graphics.setColor(INK);
            graphics.setFont(strong ? bold : plain);
            int width = graphics.getFontMetrics().stringWidth(text);
            double left =
                    switch (anchor) {
                        case START -> x;
                        case MIDDLE -> x - width / 2.0;
                        case END -> x - width;
                    };
            graphics.drawString(text, (float) left, (float) y);
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, boolean dashed) {
            graphics.setColor(INK);
            graphics.setStroke(
                    dashed
                            ? new BasicStroke(
                                    1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0)
                            : new BasicStroke(1));
            graphics.drawLine((int) Math.round(x1), (int) Math.round(y1), (int) Math.round(x2), (int) Math.round(y2));
        }

        @Override
        public void square(double x, double y, double size) {
            graphics.setColor(new Color(0x24589e));
            graphics.fillRect(
                    (int) Math.round(x - size / 2), (int) Math.round(y - size / 2), (int) Math.round(size), (int)
                            Math.round(size));
        }

        @Override
        public void diamond(double left, double centre, double right, double y, double half) {
            graphics.setColor(new Color(0xa33b20));
            graphics.fillPolygon(new Polygon(
                    new int[] {
                        (int) Math.round(left),
                        (int) Math.round(centre),
                        (int) Math.round(right),
                        (int) Math.round(centre)
                    },
                    new int[] {
                        (int) Math.round(y), (int) Math.round(y - half), (int) Math.round(y), (int) Math.round(y + half)
                    },
                    4));
        }
    }
}
