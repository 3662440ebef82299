package org.ganlab.experiments.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ganlab.loss.BceLoss;
import org.ganlab.loss.Loss;
import org.ganlab.loss.MseLoss;
import org.ganlab.tensor.Tensor;

/**
 * What D and G minimise. D always fits its targets (real 1, fake 0 unless a trick moves them) with
 * MSE or BCE; BCE is D maximising log D(x) + log(1 − D(G(z))). G differs:
 * <ul>
 *   <li>{@code mse}: (D(G(z)) − 1)², the blog's 1010 GAN;</li>
 *   <li>{@code bce}, {@code non-saturating}: −log D(G(z)), i.e. G maximises log D(G(z));</li>
 *   <li>{@code minimax}: log(1 − D(G(z))), the original game, which saturates when D wins.</li>
 * </ul>
 */
public enum GanLossKind {
    MSE, BCE, MINIMAX, NON_SATURATING;

    private static final Loss MSE_LOSS = new MseLoss();
    private static final Loss BCE_LOSS = new BceLoss();

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Loss discriminatorLoss() {
        return this == MSE ? MSE_LOSS : BCE_LOSS;
    }

    /** G's loss given D's output on G's samples. */
    public Tensor generatorLoss(Tensor dOnFakes) {
        return switch (this) {
            case MSE -> MSE_LOSS.apply(dOnFakes, 1f);
            case BCE, NON_SATURATING -> BCE_LOSS.apply(dOnFakes, 1f);
            case MINIMAX -> BCE_LOSS.apply(dOnFakes, 0f).neg();
        };
    }

    public static GanLossKind parse(String value) {
        for (GanLossKind k : values()) {
            if (k.cliName().equalsIgnoreCase(value.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("--loss must be one of " + allowed() + ", got '" + value + "'");
    }

    public static String allowed() {
        return Arrays.stream(values()).map(GanLossKind::cliName).collect(Collectors.joining(", "));
    }
}
