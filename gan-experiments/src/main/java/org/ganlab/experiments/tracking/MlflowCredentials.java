package org.ganlab.experiments.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.ganlab.experiments.config.OutputSettings;
import org.slf4j.LoggerFactory;

/**
 * How gan-lab authenticates to an MLflow server and which certificates it trusts, read from the
 * variables MLflow's own clients read: {@code MLFLOW_TRACKING_USERNAME} and
 * {@code MLFLOW_TRACKING_PASSWORD} (HTTP basic; they win over a token, as in MLflow),
 * {@code MLFLOW_TRACKING_TOKEN} (bearer), {@code MLFLOW_TRACKING_SERVER_CERT_PATH} (trust these CA
 * certificates, in PEM, instead of the JDK's) and {@code MLFLOW_TRACKING_INSECURE_TLS} (verify
 * nothing). The secrets live only here, in memory: nothing writes them, and {@link #redact} takes
 * them out of any text a server sends back.
 */
public final class MlflowCredentials {

    public static final String USERNAME = OutputSettings.Tracking.USERNAME;
    public static final String PASSWORD = OutputSettings.Tracking.PASSWORD;
    public static final String TOKEN = OutputSettings.Tracking.TOKEN;
    public static final String CERT_PATH = "MLFLOW_TRACKING_SERVER_CERT_PATH";
    public static final String INSECURE_TLS = "MLFLOW_TRACKING_INSECURE_TLS";

    private final String authorization;
    private final String kind;
    private final String[] secrets;
    private final SSLContext ssl;
    private final boolean insecure;

    private MlflowCredentials(String authorization, String kind, String[] secrets, SSLContext ssl, boolean insecure) {
        this.authorization = authorization;
        this.kind = kind;
        this.secrets = secrets;
        this.ssl = ssl;
        this.insecure = insecure;
    }

    public static MlflowCredentials none() {
        return new MlflowCredentials(null, null, new String[0], null, false);
    }

    private static MlflowCredentials environment;

    /**
     * This process's settings, read once (every client of every run's sync shares them; the CA file
     * is parsed once). Skipping verification is warned about here, once.
     */
    public static synchronized MlflowCredentials fromEnvironment() {
        if (environment == null) {
            environment = from(System.getenv());
            if (environment.insecure) {
                LoggerFactory.getLogger(MlflowCredentials.class).warn(
                        "{}=true: MLflow servers' TLS certificates and host names are not verified", INSECURE_TLS);
            }
        }
        return environment;
    }

    /** @throws IllegalArgumentException naming the variable, for a half-given login or an unusable certificate file */
    public static MlflowCredentials from(Map<String, String> env) {
        String user = value(env, USERNAME);
        String password = value(env, PASSWORD);
        String token = value(env, TOKEN);
        String authorization = null;
        String kind = null;
        String[] secrets = new String[0];
        if (user != null || password != null) {
            if (user == null || password == null) {
                throw new IllegalArgumentException((user == null ? PASSWORD : USERNAME) + " is set but "
                        + (user == null ? USERNAME : PASSWORD) + " is not: HTTP basic authentication needs both");
            }
            String pair = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            authorization = "Basic " + pair;
            kind = USERNAME + " and " + PASSWORD;
            secrets = new String[] {password, pair};
        } else if (token != null) {
            authorization = "Bearer " + token;
            kind = TOKEN;
            secrets = new String[] {token};
        }
        String certPath = value(env, CERT_PATH);
        boolean insecure = "true".equalsIgnoreCase(value(env, INSECURE_TLS));
        if (certPath != null && insecure) {
            throw new IllegalArgumentException(CERT_PATH + " and " + INSECURE_TLS + "=true cannot both be set: trust a CA, "
                    + "or verify nothing");
        }
        SSLContext ssl = certPath != null ? trusting(Path.of(certPath)) : insecure ? trustingAnything() : null;
        return new MlflowCredentials(authorization, kind, secrets, ssl, insecure);
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The {@code Authorization} header's value, or null. */
    String authorization() {
        return authorization;
    }

    /** The TLS context to use instead of the JDK's default, or null. */
    SSLContext ssl() {
        return ssl;
    }

    /** Which variables supplied the credentials, for messages; null when none did. */
    String source() {
        return kind;
    }

    /** The text with every secret replaced by {@code ***}. */
    String redact(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }

    private static SSLContext trusting(Path pem) {
        if (!Files.isRegularFile(pem)) {
            throw new IllegalArgumentException(CERT_PATH + ": no file " + pem);
        }
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(CERT_PATH + ": " + pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(CERT_PATH + ": cannot read " + pem + " as PEM certificates: " + e.getMessage());
        }
    }

    /**
     * Accepts any certificate for any host name: with a trust manager of its own, the JDK leaves the
     * host name check to it as well.
     */
    private static SSLContext trustingAnything() {
        X509ExtendedTrustManager anything = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {anything}, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
