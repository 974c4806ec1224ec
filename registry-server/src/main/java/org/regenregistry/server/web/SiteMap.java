package org.regenregistry.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.regenregistry.search.trial.TrialDocument;

/**
 * A trial's sites on a map the registry draws itself (no tile server: the registry has no internet): an
 * equirectangular projection of the sites' coordinates over a graticule, around the sites with a margin, at least 20
 * degrees wide so that one city does not fill the map.
 */
final class SiteMap {

    static final int WIDTH = 640;
    static final int HEIGHT = 320;
    private static final double MIN_SPAN = 20;
    private static final double MARGIN = 0.15;

    private SiteMap() {}

    /** The map of the sites that have coordinates; empty when none has. */
    static Optional<Drawing> of(List<TrialDocument.Site> sites) {
        List<TrialDocument.Site> placed =
                sites.stream().filter(site -> site.position() != null).toList();
        if (placed.isEmpty()) {
            return Optional.empty();
        }
        double west =
                placed.stream().mapToDouble(site -> site.position().lon()).min().orElseThrow();
        double east =
                placed.stream().mapToDouble(site -> site.position().lon()).max().orElseThrow();
        double south =
                placed.stream().mapToDouble(site -> site.position().lat()).min().orElseThrow();
        double north =
                placed.stream().mapToDouble(site -> site.position().lat()).max().orElseThrow();
        double lonSpan = Math.max(MIN_SPAN, (east - west) * (1 + 2 * MARGIN));
        double latSpan = lonSpan * HEIGHT / WIDTH;
        if ((north - south) * (1 + 2 * MARGIN) > latSpan) {
            latSpan = (north - south) * (1 + 2 * MARGIN);
            lonSpan = latSpan * WIDTH / HEIGHT;
        }
        double centreLon = (west + east) / 2;
        double centreLat = (south + north) / 2;
        Box box = new Box(centreLon - lonSpan / 2, centreLat + latSpan / 2, lonSpan, latSpan);
        List<Pin> pins = new ArrayList<>();
        for (TrialDocument.Site site : placed) {
            pins.add(new Pin(
                    site.name(),
                    site.city(),
                    site.country(),
                    site.open(),
                    box.x(site.position().lon()),
                    box.y(site.position().lat())));
        }
        List<Line> graticule = new ArrayList<>();
        double step = lonSpan > 120 ? 30 : lonSpan > 40 ? 10 : 5;
        for (double lon = Math.ceil(box.west() / step) * step; lon <= box.west() + lonSpan; lon += step) {
            graticule.add(new Line(box.x(lon), 0, box.x(lon), HEIGHT, degrees(lon, "E", "W")));
        }
        for (double lat = Math.ceil((box.north() - latSpan) / step) * step; lat <= box.north(); lat += step) {
            graticule.add(new Line(0, box.y(lat), WIDTH, box.y(lat), degrees(lat, "N", "S")));
        }
        return Optional.of(new Drawing(WIDTH, HEIGHT, pins, graticule));
    }

    private static String degrees(double value, String positive, String negative) {
        long rounded = Math.round(value);
        return rounded == 0 ? "0\u00b0" : Math.abs(rounded) + "\u00b0" + (rounded > 0 ? positive : negative);
    }

    private record Box(double west, double north, double lonSpan, double latSpan) {

        double x(double lon) {
            return Math.round((lon - west) / lonSpan * WIDTH * 10) / 10.0;
        }

        double y(double lat) {
            return Math.round((north - lat) / latSpan * HEIGHT * 10) / 10.0;
        }
    }

    /** The drawn map. */
    record Drawing(int width, int height, List<Pin> pins, List<Line> graticule) {}

    /** A site; {@code open} when it recruits or has not said otherwise. */
    record Pin(String name, String city, String country, boolean open, double x, double y) {}

    /** A meridian or parallel and its label. */
    record Line(double x1, double y1, double x2, double y2, String label) {}
}
