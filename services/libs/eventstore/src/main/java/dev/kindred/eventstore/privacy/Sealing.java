package dev.kindred.eventstore.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JDK: {@code seal} returns IV (12 bytes) followed by ciphertext and tag;
 * {@code open} fails on any change to either or to the associated data. Also the HMAC-SHA256 used
 * for lookups and for deriving a tenant's keys from its secret.
 */
public final class Sealing {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  // Provider lookup costs more than sealing a small payload: one instance per thread, re-initialised per use.
  private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  });
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  });

  private Sealing() {
  }

  public static byte[] randomBytes(int n) {
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }

  public static SecretKey aesKey(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + raw.length);
    }
    return new SecretKeySpec(raw, "AES");
  }

  public static byte[] seal(SecretKey key, byte[] plain, byte[] aad) {
    try {
      byte[] iv = randomBytes(IV_BYTES);
      Cipher c = AES_GCM.get();
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad);
      byte[] ct = c.doFinal(plain);
      return ByteBuffer.allocate(IV_BYTES + ct.length).put(iv).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  public static byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
    if (sealed.length < IV_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed value too short");
    }
    try {
      Cipher c = AES_GCM.get();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
      c.updateAAD(aad);
      return c.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("sealed value does not open with this key", e);
    }
  }

  public static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = HMAC.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
