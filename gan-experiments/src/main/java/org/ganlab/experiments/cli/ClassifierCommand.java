package org.ganlab.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ganlab.experiments.data.ImageDataSet;
import org.ganlab.experiments.images.Classifier;
import org.ganlab.experiments.images.ClassifierTraining;
import org.ganlab.experiments.images.ImageMetrics;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code gan classifier train [--data DIR] [--out FILE]} trains the image metrics' feature extractor;
 * {@code gan classifier test [--data DIR] [--classifier FILE]} measures a classifier's test accuracy.
 */
final class ClassifierCommand {

    static final String DEFAULT_OUT = "fashion-mnist-classifier.bin";

    private ClassifierCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("classifier").mixinStandardHelpOptions(true);
        spec.usageMessage().description("The feature extractor of the image metrics (FID, KID, class coverage).");
        CommandSpec train = CommandSpec.create().name("train").mixinStandardHelpOptions(true);
        train.usageMessage().description("Trains the classifier on the data's training split with the fixed recipe ("
                + "seed 2026, batch 64, Adam: 4 epochs at lr 1e-3, 2 at 1e-4) and writes its weights with their test accuracy. "
                + "Deterministic: on the built-in Fashion-MNIST it reproduces the committed classifier byte for byte.");
        train.addOption(data());
        train.addOption(OptionSpec.builder("--out").type(String.class).paramLabel("FILE").defaultValue(DEFAULT_OUT)
                .description("the weights file to write (default: ${DEFAULT-VALUE})").build());
        CommandSpec test = CommandSpec.create().name("test").mixinStandardHelpOptions(true);
        test.usageMessage().description("Measures a classifier's accuracy on the data's test split, and the metrics "
                + "of the training split against it (FID(train, test): the floor a perfect G would reach).");
        test.addOption(data());
        test.addOption(OptionSpec.builder("--classifier").type(String.class).paramLabel("FILE")
                .description("a weights file made by 'gan classifier train' (default: the built-in one)").build());
        spec.addSubcommand("train", train);
        spec.addSubcommand("test", test);
        return spec;
    }

    private static OptionSpec data() {
        return OptionSpec.builder("--data").type(String.class).paramLabel("DIR")
                .defaultValue(ImageDataSet.FASHION_MNIST.toString())
                .description("a folder with the four IDX files of MNIST's layout (default: ${DEFAULT-VALUE})").build();
    }

    static int run(ParseResult parsed, PrintStream out) throws IOException {
        if (!parsed.hasSubcommand()) {
            throw new IllegalArgumentException("which? 'train' or 'test'");
        }
        ParseResult sub = parsed.subcommand();
        ImageDataSet data = ImageDataSet.read(Path.of(sub.<String>matchedOptionValue("--data",
                ImageDataSet.FASHION_MNIST.toString())));
        if (sub.commandSpec().name().equals("train")) {
            Path file = Path.of(sub.<String>matchedOptionValue("--out", DEFAULT_OUT));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Classifier c = ClassifierTraining.train(data, Classifier.Recipe.DEFAULT, file, out);
            out.printf("wrote %s: test accuracy %.4f, sha256 %s%n", file, c.recordedAccuracy(), c.sha256());
            return 0;
        }
        String file = sub.matchedOptionValue("--classifier", null);
        Classifier c = file == null ? Classifier.builtIn() : Classifier.load(Path.of(file));
        ImageDataSet.Split test = data.test();
        out.printf("%s: test accuracy %.4f on %d images of %s (recorded: %.4f), sha256 %s%n",
                file == null ? "built-in classifier" : file, c.accuracy(test.scaledPixels(), test.labels()), test.count(),
                data.folder(), c.recordedAccuracy(), c.sha256());
        ImageMetrics.Scores train = new ImageMetrics(c, data, ImageMetrics.KID_SEED)
                .score(data.train().scaledPixels(), data.train().count());
        out.printf("training split against the test split (%d images): FID %.3f, KID %.4f ± %.4f, %d classes "
                + "covered, class KL %.4f, confidence %.4f%n", train.samples(), train.fid(), train.kid(), train.kidStd(),
                train.classesCovered(), train.classKl(), train.confidence());
        return 0;
    }
}
