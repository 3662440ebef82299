package org.ganlab.experiments.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Vectors in [0, 1] as rows of grey cells, one row per snapshot (like the blog's {@code imshow} of
 * G's outputs every 1000 steps): white is 1, black is 0.
 */
public final class StripImage {

    private static final int CELL = 48;
    private static final int LABEL = 90;

    private StripImage() {
    }

    /** One row: a vector at a step. */
    public record Row(int step, float[] values) {
    }

    public static void write(List<Row> rows, Path file) throws IOException {
        int columns = rows.isEmpty() ? 1 : rows.get(0).values().length;
        BufferedImage img = new BufferedImage(LABEL + columns * CELL, Math.max(1, rows.size()) * CELL,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int r = 0; r < rows.size(); r++) {
            float[] v = rows.get(r).values();
            g.setColor(Color.DARK_GRAY);
            g.drawString("step " + rows.get(r).step(), 6, r * CELL + CELL / 2 + 5);
            for (int c = 0; c < v.length; c++) {
                int grey = Math.round(255 * Math.max(0f, Math.min(1f, v[c])));
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(LABEL + c * CELL, r * CELL, CELL, CELL);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
