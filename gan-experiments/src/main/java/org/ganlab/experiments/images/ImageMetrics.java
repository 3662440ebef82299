package org.ganlab.experiments.images;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ganlab.experiments.data.ImageDataSet;
import org.ganlab.tensor.Rng;

/**
 * Scores a set of generated images against a data set's test split on the {@link Classifier}'s
 * features: FID, KID (mean and standard deviation over {@value #KID_SUBSETS} subsets of at most
 * {@value #KID_SUBSET_SIZE}), classes covered, class KL from uniform, and the classifier's mean
 * confidence. KID's subsets are drawn from a stream made afresh from the same seed at every call,
 * so a score depends on the images only, not on how many scores came before.
 */
public final class ImageMetrics {

    /** The KID seed of scores outside a run ({@code gan classifier test}). */
    public static final long KID_SEED = 2026;
    static final int KID_SUBSETS = 10;
    static final int KID_SUBSET_SIZE = 1000;

    /** The test split's features and their statistics, per classifier and data folder: computed once per process. */
    private record Reference(double[][] features, FeatureStatistics statistics) {
    }

    private static final Map<String, Reference> REFERENCES = new ConcurrentHashMap<>();

    private final Classifier classifier;
    private final Reference reference;
    private final long kidSeed;

    /** One set of images scored. */
    public record Scores(int samples, double fid, double kid, double kidStd, int classesCovered, double classKl,
            double confidence) {

        /** As results and snapshots record them, by name. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fid", fid);
            m.put("kid", kid);
            m.put("kid_std", kidStd);
            m.put("classes_covered", classesCovered);
            m.put("class_kl", classKl);
            m.put("confidence", confidence);
            m.put("metric_samples", samples);
            return m;
        }
    }

    public ImageMetrics(Classifier classifier, ImageDataSet data, long kidSeed) {
        this.classifier = classifier;
        this.kidSeed = kidSeed;
        String key = classifier.sha256() + " " + data.folder().toAbsolutePath().normalize();
        this.reference = REFERENCES.computeIfAbsent(key, k -> {
            double[][] f = classifier.score(data.test().scaledPixels(), data.test().count()).features();
            return new Reference(f, FeatureStatistics.of(f));
        });
    }

    public Classifier classifier() {
        return classifier;
    }

    /** Scores {@code count} images, {@code pixels} {@code [count][784]} in [0, 1]. */
    public Scores score(float[] pixels, int count) {
        Classifier.Scores s = classifier.score(pixels, count);
        double fid = FrechetDistance.between(FeatureStatistics.of(s.features()), reference.statistics());
        KernelDistance.Estimate kid = KernelDistance.between(s.features(), reference.features(), KID_SUBSETS,
                KID_SUBSET_SIZE, new Rng(kidSeed));
        ClassCoverage classes = ClassCoverage.of(s.predicted(), classifier.classes());
        return new Scores(count, fid, kid.mean(), kid.std(), classes.covered(), classes.klFromUniform(),
                s.meanConfidence());
    }
}
