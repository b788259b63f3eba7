package dev.kindred.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies a Keycloak access token (RS256 against the realm's published keys, issuer, expiry) so
 * that the web console can call ingest and recommend with its user's own token. The keys are
 * fetched from the realm's JWKS endpoint and cached; an unknown key id fetches them again (key
 * rotation), at most every 10 s.
 */
@jakarta.inject.Singleton
public class UserTokens {

  /** A verified user: name, realm roles, organization aliases. */
  public record User(String name, Set<String> roles, Set<String> organizations) {
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String issuer;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private volatile long fetchedAt;

  public UserTokens(@ConfigProperty(name = "kindred.keycloak.url", defaultValue = "http://127.0.0.1:18080") String url,
      @ConfigProperty(name = "kindred.keycloak.realm", defaultValue = "kindred") String realm) {
    this.issuer = url + "/realms/" + realm;
  }

  /** Whether the credential looks like a JWT rather than an API key. */
  public static boolean looksLikeToken(String presented) {
    return presented != null && !presented.startsWith("kd_") && presented.chars().filter(c -> c == '.').count() == 2;
  }

  /** The verified user, or a 401 problem. */
  public User verify(String token) {
    String[] parts = token.split("\\.");
    try {
      JsonNode header = JsonBodies.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = JsonBodies.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (!"RS256".equals(header.path("alg").asText())) {
        throw ProblemException.unauthorized("unsupported token algorithm");
      }
      PublicKey key = key(header.path("kid").asText());
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        throw ProblemException.unauthorized("the token's signature does not verify");
      }
      if (!issuer.equals(claims.path("iss").asText())) {
        throw ProblemException.unauthorized("the token was not issued by this platform's realm");
      }
      if (claims.path("exp").asLong() * 1000 < System.currentTimeMillis()) {
        throw ProblemException.unauthorized("the token has expired");
      }
      Set<String> roles = new HashSet<>();
      claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
      Set<String> orgs = new HashSet<>();
      JsonNode org = claims.path("organization");
      if (org.isArray()) {
        org.forEach(o -> orgs.add(o.asText()));
      } else if (org.isObject()) {
        org.fieldNames().forEachRemaining(orgs::add);
      }
      return new User(claims.path("preferred_username").asText(claims.path("sub").asText()), roles, orgs);
    } catch (ProblemException e) {
      throw e;
    } catch (Exception e) {
      throw ProblemException.unauthorized("the token cannot be read");
    }
  }

  private PublicKey key(String kid) throws Exception {
    PublicKey k = keys.get(kid);
    if (k == null && System.currentTimeMillis() - fetchedAt > 10_000) {
      fetch();
      k = keys.get(kid);
    }
    if (k == null) {
      throw ProblemException.unauthorized("the token's key is not one of the realm's");
    }
    return k;
  }

  private synchronized void fetch() throws Exception {
    fetchedAt = System.currentTimeMillis();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/certs"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    for (JsonNode jwk : JsonBodies.MAPPER.readTree(r.body()).path("keys")) {
      if ("RSA".equals(jwk.path("kty").asText()) && !"enc".equals(jwk.path("use").asText())) {
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
        keys.put(jwk.path("kid").asText(), KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
      }
    }
  }
}
