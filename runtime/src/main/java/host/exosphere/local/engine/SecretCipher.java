package host.exosphere.local.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest, as the state manager's {@code Encrypter} stores them (docs/state-manager.md §4.10): AES-256-GCM, a
 * random 12-byte nonce, no associated data, URL-safe base64 with padding of {@code nonce ‖ ciphertext ‖
 * tag}. The key is checked lazily, on first use, like the server. Messages never contain secret values.
 */
final class SecretCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final String encodedKey;
  private final SecureRandom random = new SecureRandom();
  private volatile SecretKeySpec key;

  SecretCipher(String encodedKey) {
    this.encodedKey = encodedKey;
  }

  /** A fresh random key, URL-safe base64 with padding (44 characters). */
  static String randomKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().encodeToString(raw);
  }

  /** Raised with the server's text when the configured key is unusable. */
  static final class KeyException extends Exception {
    private static final long serialVersionUID = 1L;

    KeyException(String message) {
      super(message, null, false, false);
    }
  }

  private SecretKeySpec key() throws KeyException {
    SecretKeySpec k = key;
    if (k == null) {
      byte[] raw;
      try {
        raw = Base64.getUrlDecoder().decode(encodedKey);
      } catch (IllegalArgumentException e) {
        throw new KeyException("Key must be URL-safe base64 (44 chars for 32-byte key)");
      }
      if (raw.length != 32) {
        throw new KeyException("Key must be 32 raw bytes (256 bits)");
      }
      k = new SecretKeySpec(raw, "AES");
      key = k;
    }
    return k;
  }

  String encrypt(String plaintext) throws KeyException {
    SecretKeySpec k = key();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return Base64.getUrlEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
    }
  }

  String decrypt(String token) throws KeyException {
    SecretKeySpec k = key();
    try {
      byte[] all = Base64.getUrlDecoder().decode(token);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // The type only: the token is derived from a secret and stays out of messages.
      throw new IllegalStateException("cannot decrypt a stored secret: " + e.getClass().getSimpleName());
    }
  }
}
