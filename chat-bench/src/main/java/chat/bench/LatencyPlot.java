package chat.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws latency percentiles (log scale) against offered load for each server, with the JDK's own
 * Java2D, so the benchmark needs no plotting package.
 *
 * <p>Thread-safe: stateless.
 */
final class LatencyPlot {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 90;
    private static final int RIGHT = 230;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final String[] PERCENTILES = {"p50_ms", "p90_ms", "p99_ms", "p999_ms"};
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0xd62728)};

    private LatencyPlot() {
    }

    static void write(List<Map<String, String>> rows, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Map<String, List<Map<String, String>>> byServer = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            if (number(row, "offered_per_s") > 0) {
                byServer.computeIfAbsent(row.get("server"), k -> new ArrayList<>()).add(row);
            }
        }
        double maxX = rows.stream().mapToDouble(r -> number(r, "offered_per_s")).max().orElse(1) * 1.05;
        double lowest = rows.stream().mapToDouble(r -> number(r, "p50_ms")).filter(v -> v > 0).min().orElse(1);
        double minY = Math.pow(10, Math.floor(Math.log10(lowest)));
        double maxY = Math.max(10, rows.stream().mapToDouble(r -> number(r, "p999_ms")).max().orElse(10) * 1.5);
        axes(g, maxX, minY, maxY);
        int legendY = TOP + 10;
        int serverIndex = 0;
        for (var entry : byServer.entrySet()) {
            List<Map<String, String>> series = new ArrayList<>(entry.getValue());
            series.sort(Comparator.comparingDouble(r -> number(r, "offered_per_s")));
            float[] dash = serverIndex == 0 ? null : new float[] {8f, 6f};
            for (int p = 0; p < PERCENTILES.length; p++) {
                g.setColor(COLOURS[p]);
                g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
                int prevX = -1;
                int prevY = -1;
                for (Map<String, String> row : series) {
                    int x = x(number(row, "offered_per_s"), maxX);
                    int y = y(Math.max(minY, number(row, PERCENTILES[p])), minY, maxY);
                    g.fillOval(x - 4, y - 4, 8, 8);
                    if (prevX >= 0) {
                        g.drawLine(prevX, prevY, x, y);
                    }
                    prevX = x;
                    prevY = y;
                }
                g.drawLine(WIDTH - RIGHT + 20, legendY, WIDTH - RIGHT + 60, legendY);
                g.setColor(Color.BLACK);
                g.drawString(entry.getKey() + " " + PERCENTILES[p].replace("_ms", "").replace("p999", "p99.9"),
                        WIDTH - RIGHT + 68, legendY + 5);
                legendY += 22;
            }
            legendY += 12;
            serverIndex++;
        }
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 18f));
        g.drawString("Latency percentiles against offered load (fanout, 1 room)", LEFT, 35);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void axes(Graphics2D g, double maxX, double minY, double maxY) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x0 = LEFT;
        int y0 = HEIGHT - BOTTOM;
        g.drawLine(x0, y0, WIDTH - RIGHT, y0);
        g.drawLine(x0, y0, x0, TOP);
        double step = niceStep(maxX / 5);
        for (double v = 0; v <= maxX; v += step) {
            int x = x(v, maxX);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, y0, x, TOP);
            g.setColor(Color.BLACK);
            String label = v >= 1e6 ? String.format("%.1fM", v / 1e6) : String.format("%.0fk", v / 1e3);
            g.drawString(label, x - 12, y0 + 18);
        }
        for (double v = minY; v <= maxY; v *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double tick = v * m;
                if (tick < minY || tick > maxY) {
                    continue;
                }
                int y = y(tick, minY, maxY);
                g.setColor(new Color(m == 1 ? 0xcccccc : 0xeeeeee));
                g.drawLine(x0, y, WIDTH - RIGHT, y);
                g.setColor(Color.BLACK);
                g.drawString(tick >= 1 ? String.format("%.0f", tick) : String.format("%.1f", tick), x0 - 40, y + 5);
            }
        }
        g.drawString("offered load (deliveries per second)", LEFT + 220, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("latency (ms, log scale)", -(TOP + 330), 25);
        rotated.dispose();
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * magnitude >= raw) {
                return f * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static int x(double value, double maxX) {
        return LEFT + (int) Math.round(value / maxX * (WIDTH - LEFT - RIGHT));
    }

    private static int y(double value, double minY, double maxY) {
        double f = (Math.log10(value) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY));
        return HEIGHT - BOTTOM - (int) Math.round(f * (HEIGHT - TOP - BOTTOM));
    }

    private static double number(Map<String, String> row, String key) {
        try {
            return Double.parseDouble(row.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
