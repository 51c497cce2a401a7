package io.iso2db.internal.jdbc;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of a {@link ConnectionSettings}: key and trust material from PEM files, as an
 * {@link SSLContext} (binlog connection) and as driver properties (JDBC; the driver wants key
 * stores, so PKCS#12 copies are written to private temporary files).
 */
public final class TlsMaterial {

    private static final Map<String, TlsMaterial> CACHE = new ConcurrentHashMap<>();

    private final SSLContext context;
    private final Properties jdbc = new Properties();

    private TlsMaterial(ConnectionSettings s) throws GeneralSecurityException, IOException {
        KeyManager[] keys = null;
        if (s.certificate().isPresent()) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = randomPassword();
            ks.setKeyEntry("client", readKey(s.key().orElseThrow()), pw, readCertificates(s.certificate().get()));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            keys = kmf.getKeyManagers();
            putStore("clientCertificateKeyStore", ks, pw);
        }
        TrustManager[] trust;
        if (s.caCertificate().isPresent()) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (Certificate c : readCertificates(s.caCertificate().get())) {
                ts.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            trust = tmf.getTrustManagers();
            putStore("trustCertificateKeyStore", ts, randomPassword());
        } else if (s.tls() == ConnectionSettings.Tls.VERIFY_CA) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "TLS mode VERIFY_CA for " + s.describe()
                    + " needs a CA certificate (withCaCertificate).");
        } else {
            trust = new TrustManager[] {new EncryptOnly()};   // REQUIRED: encrypted, server not verified
        }
        context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
    }

    /** The material for {@code s}, or null when TLS is off. Loaded once per set of files. */
    public static TlsMaterial of(ConnectionSettings s) {
        if (s.tls() == ConnectionSettings.Tls.DISABLED) {
            return null;
        }
        String key = s.tls() + "|" + s.certificate().orElse(null) + "|" + s.key().orElse(null) + "|"
                + s.caCertificate().orElse(null);
        return CACHE.computeIfAbsent(key, k -> {
            try {
                return new TlsMaterial(s);
            } catch (GeneralSecurityException | IOException e) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Cannot load the TLS certificate/key for "
                        + s.describe() + " (" + s.certificate().orElse(null) + ", " + s.key().orElse(null) + "): "
                        + e.getMessage(), e);
            }
        });
    }

    public SSLContext sslContext() {
        return context;
    }

    /** Driver properties naming the key/trust stores (empty when there are none). */
    public Properties jdbcProperties() {
        return jdbc;
    }

    private void putStore(String prefix, KeyStore ks, char[] pw) throws IOException, GeneralSecurityException {
        Path file = Files.createTempFile("iso2db-" + prefix, ".p12");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, pw);
        }
        jdbc.setProperty(prefix + "Url", file.toUri().toString());
        jdbc.setProperty(prefix + "Type", "PKCS12");
        jdbc.setProperty(prefix + "Password", new String(pw));
    }

    private static Certificate[] readCertificates(Path pem) throws IOException, GeneralSecurityException {
        try (var in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        }
    }

    private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
            throw new GeneralSecurityException("the key is in PKCS#1/SEC1 form; convert it with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in " + pem + " -out key.pk8.pem`");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < 0) {
            throw new GeneralSecurityException("no unencrypted PKCS#8 key (BEGIN PRIVATE KEY) in " + pem);
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new GeneralSecurityException("unsupported key algorithm in " + pem);
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }

    /** Encrypts without verifying the server, as {@code ssl_mode=REQUIRED} does. */
    private static final class EncryptOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
