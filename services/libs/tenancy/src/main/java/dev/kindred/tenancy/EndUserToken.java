package dev.kindred.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An end-user token: a JWT (HS256) that a tenant's backend signs for one of its logged-in users
 * with the secret of one of its user-token keys — header {@code {"alg":"HS256","kid":"kd_utk_…"}},
 * claims {@code sub} (the user id as the tenant sends it in events) and {@code exp} (at most
 * {@link #MAX_LIFETIME} ahead). A page holding a publishable key presents it to act for that user.
 * Pure functions: parsing, signing, checking; which keys are valid is the caller's business.
 */
public final class EndUserToken {

  /** Tokens are short-lived: one valid longer than this is refused. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(24);
  /** Clock skew tolerated between the tenant's backend and Kindred. */
  public static final Duration SKEW = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A token's parts: the key id, the subject, when it expires, and what was signed. */
  public record Parsed(String kid, String subject, Instant expiresAt, Instant issuedAt, String signingInput,
      byte[] signature) {
  }

  /** Why a token is refused; the message is safe to show the caller. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String message) {
      super(message);
    }
  }

  private EndUserToken() {
  }

  /** The key id of a user-token key's secret ({@code kd_utk_<hex>.<secret>}), or null when it is not one. */
  public static String kidOf(String secret) {
    int dot = secret == null ? -1 : secret.indexOf('.');
    return dot > 0 && secret.startsWith("kd_utk_") ? secret.substring(0, dot) : null;
  }

  /** A signed token for {@code subject} valid for {@code ttl}, as a tenant's backend makes it (SDKs, CLI, tests). */
  public static String sign(String secret, String subject, Duration ttl) {
    Instant now = Instant.now();
    return sign(secret, kidOf(secret), subject, now, now.plus(ttl));
  }

  public static String sign(String secret, String kid, String subject, Instant issuedAt, Instant expiresAt) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "HS256");
    header.put("typ", "JWT");
    header.put("kid", kid);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    String input = part(header) + "." + part(claims);
    return input + "." + B64.encodeToString(hmac(secret, input));
  }

  /** The token's parts and claims checked for shape, expiry and lifetime (not its signature). */
  public static Parsed parse(String token, Instant now) {
    if (token == null || token.length() > 4096) {
      throw new Invalid("the user token is missing or too long");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Invalid("the user token is not a JWT (header.claims.signature)");
    }
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (Exception e) {
      throw new Invalid("the user token cannot be read");
    }
    if (header == null || claims == null || !header.isObject() || !claims.isObject()) {
      throw new Invalid("the user token cannot be read");
    }
    if (!"HS256".equals(header.path("alg").asText())) {
      throw new Invalid("the user token must be signed with HS256");
    }
    String kid = header.path("kid").asText(null);
    if (kid == null || !kid.startsWith("kd_utk_")) {
      throw new Invalid("the user token's header names no user-token key (kid)");
    }
    String sub = claims.path("sub").isTextual() ? claims.path("sub").asText() : null;
    if (sub == null || sub.isBlank() || sub.length() > 256) {
      throw new Invalid("the user token's sub must be the user id (1-256 characters)");
    }
    if (!claims.path("exp").canConvertToLong()) {
      throw new Invalid("the user token has no exp");
    }
    Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
    if (!exp.isAfter(now.minus(SKEW))) {
      throw new Invalid("the user token has expired");
    }
    if (exp.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
      throw new Invalid("the user token is valid for more than 24 hours: sign short-lived tokens");
    }
    Instant iat = claims.path("iat").canConvertToLong() ? Instant.ofEpochSecond(claims.path("iat").asLong()) : null;
    if (iat != null && iat.isAfter(now.plus(SKEW))) {
      throw new Invalid("the user token was issued in the future");
    }
    return new Parsed(kid, sub, exp, iat, parts[0] + "." + parts[1], signature);
  }

  /** Whether the token was signed with {@code secret} (constant-time). */
  public static boolean signedWith(Parsed token, String secret) {
    return MessageDigest.isEqual(hmac(secret, token.signingInput()), token.signature());
  }

  private static String part(Map<String, Object> json) {
    try {
      return B64.encodeToString(JSON.writeValueAsBytes(json));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(String secret, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
