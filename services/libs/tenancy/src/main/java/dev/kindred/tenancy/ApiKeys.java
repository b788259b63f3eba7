package dev.kindred.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys look like {@code kd_ing_3f9a1c2b.SECRET}: the part before the dot is the public key id
 * (stored in clear, used for lookup and shown in the console); only a SHA-256 of the whole key is
 * stored, so a database dump reveals no usable key.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A freshly generated key: the id to store and the full key to show once. */
  public record Generated(String keyId, String key, byte[] hash) {}

  public static Generated generate(ApiScope scope) {
    byte[] idBytes = new byte[5];
    byte[] secret = new byte[24];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secret);
    String keyId = "kd_" + scope.prefix() + "_" + HexFormat.of().formatHex(idBytes);
    String key = keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new Generated(keyId, key, hash(key));
  }

  /** A fresh user-token key id ({@code kd_utk_<hex>}): the kid of the tokens it signs. */
  public static String newTokenKeyId() {
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    return "kd_utk_" + HexFormat.of().formatHex(idBytes);
  }

  /** The key id of a presented key, or null when it is not shaped like a Kindred key. */
  public static String keyIdOf(String presented) {
    if (presented == null || presented.length() > 200) {
      return null;
    }
    int dot = presented.indexOf('.');
    if (dot <= 0 || !presented.startsWith("kd_")) {
      return null;
    }
    return presented.substring(0, dot);
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of a presented key with a stored hash. */
  public static boolean matches(String presented, byte[] storedHash) {
    return MessageDigest.isEqual(hash(presented), storedHash);
  }
}
