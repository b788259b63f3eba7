package dev.kindred.sdk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs end-user tokens on the tenant's backend: after your user logs in, give the page (or app)
 * a short-lived token for them, which it sends with its publishable key so that Kindred lets it track
 * and read for that user — and only that user. The token is an HS256 JWT: {@code kid} the user-token
 * key's id, {@code sub} the user id, {@code exp} at most 24 h ahead (15 minutes is a good default).
 *
 * <pre>{@code
 * UserTokens signer = new UserTokens(System.getenv("KINDRED_USER_TOKEN_SECRET"));   // kd_utk_….…, a secret
 * String token = signer.sign(currentUser.id(), Duration.ofMinutes(15));
 * }</pre>
 */
public final class UserTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final String secret;
  private final String keyId;

  /** {@code secret}: a user-token key's secret as onboarding or the console showed it ({@code kd_utk_<id>.<secret>}). */
  public UserTokens(String secret) {
    int dot = secret == null ? -1 : secret.indexOf('.');
    if (dot <= 0 || !secret.startsWith("kd_utk_")) {
      throw new IllegalArgumentException("not a Kindred user-token secret (kd_utk_….…)");
    }
    this.secret = secret;
    this.keyId = secret.substring(0, dot);
  }

  /** A token for {@code userId} that expires after {@code ttl} (at most 24 h). */
  public String sign(String userId, Duration ttl) {
    Instant now = Instant.now();
    return sign(userId, now, now.plus(ttl));
  }

  /** A token issued at {@code issuedAt} that expires at {@code expiresAt} (at most 24 h later). */
  public String sign(String userId, Instant issuedAt, Instant expiresAt) {
    if (userId == null || userId.isBlank() || userId.length() > 256) {
      throw new IllegalArgumentException("userId must be 1-256 characters");
    }
    Duration ttl = Duration.between(issuedAt, expiresAt);
    if (ttl.isNegative() || ttl.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("a user token lives at most 24 hours");
    }
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}";
    String claims = "{\"sub\":" + Http.JSON.valueToTree(userId) + ",\"iat\":" + issuedAt.getEpochSecond()
        + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
    String input = part(header) + "." + part(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String part(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
